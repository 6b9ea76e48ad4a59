/**
 * Every string the widget shows or says (to screen readers too), in the languages built in
 * (English here, Russian and Bulgarian in words-ru.ts and words-bg.ts).
 * The language follows `Parley('locale')` (or `data-locale`), then the page's `<html lang>`,
 * then the browser's languages; anything else gets English.
 */
import type { NoticeWords } from '../../shared/system-notices.ts';

export type Language = 'en' | 'ru' | 'bg';
export const LANGUAGES: Language[] = ['en', 'ru', 'bg'];

export interface Words {
  language: Language;
  chat: string;
  openChat: string;
  closeChat: string;
  chatWindow: string;
  /** Said after the launcher's name while agent messages wait unread. */
  unreadMessages(count: number): string;
  /** The host page's title while it flashes. */
  newMessage: string;

  connecting: string;
  reconnecting: string;
  chattingWith(name: string): string;
  online: string;
  away: string;
  endChat: string;
  minimize: string;
  mute: string;
  dismiss: string;
  connectingToChat: string;
  unavailable: string;
  unavailableHint: string;
  hello: string;
  helloHint: string;
  writeMessage: string;
  startNewChat: string;
  poweredBy: string;

  ended: string;
  endedStartNew: string;
  offlineThanks: string;
  offlineReceived: string;
  waiting: string;
  waitingInLine(position: number): string;

  message: string;
  send: string;
  tooLong(length: number, max: number): string;
  conversation: string;
  today: string;
  yesterday: string;
  you: string;
  agent: string;
  delivered: string;
  notSent: string;
  tryAgain: string;
  remove: string;
  sending: string;
  typing(name: string | null): string;
  /**
   * The server's notices in the conversation ("Anna joined the chat"); none in English, where the
   * message's own text is already those words.
   */
  notice?: NoticeWords;

  leaveMessage: string;
  nobodyOnline: string;
  closedNow: string;
  name: string;
  email: string;
  sendMessage: string;
  optional: string;
  department: string;
  chooseDepartment: string;
  preChatTitle: string;
  preChatLead: string;
  startChat: string;
  needName: string;
  needEmail: string;
  needText: string;
  needDepartment: string;

  noServer: string;
  /** The server holds this visitor back for a while (too much sent too fast); their messages wait and go. */
  slowedDown: string;
  endNoAnswer: string;
  endFailed(error: string): string;
  chatUnavailable(error: string): string;
  /** The visitor was blocked (issue 11): the chat is not offered to them. */
  blocked: string;
  /** A message an agent deleted, or one erased with the visitor's data. */
  messageDeleted: string;
  erased: string;

  invitationFrom(site: string): string;
  reply: string;
  closeInvitation: string;

  /** The offer under an ended chat, with the address it goes to (the visitor's own, the only one allowed). */
  emailTranscriptTo(email: string): string;
  transcriptSent(email: string): string;
  /** The visitor gave no address (pre-chat or offline form, or the site's identify): none can be typed in. */
  transcriptNoEmail: string;
  /** The address changed (the site told another) between the offer and the click. */
  transcriptAddressChanged: string;
  /** This chat was emailed as often as it may be. */
  transcriptLimit: string;
  /** A limit per visitor, per address or per hour: how long to wait, from the server's Retry-After. */
  transcriptTryLater(minutes: number): string;
  transcriptFailed: string;

  attachFile: string;
  sendingFile(name: string): string;
  fileNotAccepted: string;
  fileTooBig: string;
  tooManyFiles: string;
  fileFailed: string;
}

/** A wait told in minutes up to an hour and a half, in hours (rounded up) past that. */
export const waitIn = (minutes: number): { count: number; unit: 'minute' | 'hour' } =>
  minutes < 90 ? { count: Math.max(1, minutes), unit: 'minute' } : { count: Math.ceil(minutes / 60), unit: 'hour' };

/** The form of a word for a count, by the language's plural rules (Russian has three). */
export const plural = (language: Language, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) =>
  forms[new Intl.PluralRules(language).select(count)] ?? forms.other;

export const EN: Words = {
  language: 'en',
  chat: 'Chat',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  chatWindow: 'Chat window',
  unreadMessages: (n) => `${n} unread ${n === 1 ? 'message' : 'messages'}`,
  newMessage: 'New message',

  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  chattingWith: (name) => `Chatting with ${name}`,
  online: "We're online",
  away: "We're away",
  endChat: 'End chat',
  minimize: 'Minimize',
  mute: 'Mute sounds',
  dismiss: 'Dismiss',
  connectingToChat: 'Connecting to chat…',
  unavailable: 'Chat is unavailable right now.',
  unavailableHint: "We're trying to reconnect; you can keep this window open.",
  hello: 'Hi there!',
  helloHint: "Ask us anything. We're online and will answer right here.",
  writeMessage: 'Write a message…',
  startNewChat: 'Start a new chat…',
  poweredBy: 'Powered by Parley',

  ended: 'This chat has ended.',
  endedStartNew: 'This chat has ended. Write a message to start a new one.',
  offlineThanks: 'Thanks! We got your message and will reply here as soon as we can.',
  offlineReceived: 'We got your message and will reply here as soon as we can.',
  waiting: 'Waiting for an agent…',
  waitingInLine: (n) => `Waiting for an agent — you are number ${n} in line`,

  message: 'Message',
  send: 'Send',
  tooLong: (length, max) =>
    `This message is too long: ${length.toLocaleString('en-US')} characters, the limit is ${max.toLocaleString('en-US')}.`,
  conversation: 'Conversation',
  today: 'Today',
  yesterday: 'Yesterday',
  you: 'You',
  agent: 'Agent',
  delivered: 'Delivered',
  notSent: 'Not sent:',
  tryAgain: 'Try again',
  remove: 'Remove',
  sending: 'Sending…',
  typing: (name) => (name ? `${name} is typing…` : 'Typing…'),

  leaveMessage: 'Leave us a message',
  nobodyOnline: "No one is online right now. Leave your message and email, and we'll get back to you.",
  closedNow: "We're closed right now. Leave your message and email, and we'll get back to you when we open.",
  name: 'Name',
  email: 'Email',
  sendMessage: 'Send message',
  optional: '(optional)',
  department: 'Department',
  chooseDepartment: 'Choose a department',
  preChatTitle: 'Before we start',
  preChatLead: 'Tell us a little about yourself so we can help.',
  startChat: 'Start chat',
  needName: 'Please enter your name.',
  needEmail: 'Please enter an email address we can reply to.',
  needText: 'Please write your message.',
  needDepartment: 'Please choose a department.',

  noServer: "Can't reach the chat server right now. Check your connection and try again.",
  slowedDown: "You're sending messages too quickly. We'll send yours in a moment.",
  endNoAnswer: "The chat server didn't answer. Try ending the chat again.",
  endFailed: (error) => `Couldn't end the chat: ${error}`,
  chatUnavailable: (error) => `The chat is unavailable: ${error}`,
  blocked: 'Chat is not available.',
  messageDeleted: 'Message deleted',
  erased: 'Erased',

  invitationFrom: (site) => `Message from ${site}`,
  reply: 'Reply',
  closeInvitation: 'Close',

  emailTranscriptTo: (email) => `Email this conversation to ${email}`,
  transcriptSent: (email) => `Sent to ${email}.`,
  transcriptNoEmail: "We can email this conversation only to an address you've given us, and we don't have one.",
  transcriptAddressChanged: 'Your email address has changed. Check it and send again.',
  transcriptLimit: 'This conversation has been emailed several times already.',
  transcriptTryLater: (minutes) => {
    const { count, unit } = waitIn(minutes);
    return `Too many emails have been sent lately. Please try again in ${count} ${unit}${count === 1 ? '' : 's'}.`;
  },
  transcriptFailed: "Couldn't send the email right now. Please try again later.",

  attachFile: 'Attach a file',
  sendingFile: (name) => `Sending ${name}…`,
  fileNotAccepted: 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.',
  fileTooBig: 'This file is too big: the limit is 10 MB.',
  tooManyFiles: 'You have sent many files in the last hour. Please try again later.',
  fileFailed: "Couldn't send the file. Check your connection and try again.",
};

/**
 * The words of a language. English comes with the window; Russian and Bulgarian are chunks of
 * their own, fetched only for the visitors who get them.
 */
export async function loadWords(language: Language): Promise<Words> {
  if (language === 'ru') return (await import('./words-ru.ts')).RU;
  if (language === 'bg') return (await import('./words-bg.ts')).BG;
  return EN;
}

/**
 * The locale for dates and numbers: the browser's own when it is a variant of the window's
 * language (en-GB keeps its 24-hour clock), else the language itself.
 */
export function formatLocale(language: Language, browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): string {
  return browser.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

/** The first of the candidates (BCP 47 tags, most wanted first) the widget speaks; else English. */
export function pickLanguage(candidates: Array<string | null | undefined>): Language {
  for (const tag of candidates) {
    const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] as Language;
    if (LANGUAGES.includes(primary)) return primary;
  }
  return 'en';
}
