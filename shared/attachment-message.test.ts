import { describe, expect, it } from 'vitest';
import { fileInMessage, fileMessageText, formatSize } from './attachment-message.ts';

const SERVER = 'https://chat.example';
const url = `${SERVER}/api/attachments/att_${'a'.repeat(32)}`;

describe('files in messages', () => {
  it('writes a file as a message and reads it back', () => {
    const text = fileMessageText({ name: 'boots.png', type: 'image/png', size: 123_456, url });
    expect(text).toBe(`📎 boots.png — PNG, 121 KB\n${url}`);
    expect(fileInMessage(text, SERVER)).toEqual({ name: 'boots.png', kind: 'image', label: 'PNG, 121 KB', url });
    const pdf = fileMessageText({ name: 'invoice — May.pdf', type: 'application/pdf', size: 3 * 1024 * 1024, url });
    expect(fileInMessage(pdf, SERVER)).toMatchObject({ name: 'invoice — May.pdf', kind: 'pdf', label: 'PDF, 3.0 MB' });
  });

  it('shows only files on the chat server itself as files', () => {
    expect(fileInMessage(`📎 x.png — PNG, 1 KB\nhttps://evil.example/api/attachments/att_${'a'.repeat(32)}`, SERVER)).toBeNull();
    expect(fileInMessage(`📎 x.png — PNG, 1 KB\n${SERVER}/api/metrics`, SERVER)).toBeNull();
    expect(fileInMessage(`📎 x.png — PNG, 1 KB\n${url} and more`, SERVER)).toBeNull();
    expect(fileInMessage('Hello', SERVER)).toBeNull();
  });

  it('gives sizes in KB under a megabyte, else in MB', () => {
    expect([10, 1024, 1_048_575, 1_048_576, 10 * 1_048_576].map(formatSize)).toEqual(['1 KB', '1 KB', '1024 KB', '1.0 MB', '10.0 MB']);
  });
});
