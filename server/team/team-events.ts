/** What the live side (sockets, routing) must hear about changes to the team and the settings. */
export interface TeamEvents {
  /** Disabled: their sockets close, they go offline and their chats go back to the queue. */
  agentDisabled(agentId: string): Promise<void>;
  /** Room or departments of an agent changed: waiting chats may now have someone. */
  agentChanged(agentId: string): Promise<void>;
  settingsChanged(): Promise<void>;
  /** The agent's password changed: their sockets opened with any other session close. */
  sessionsEnded(agentId: string, keptTokenHash: string): void;
}
