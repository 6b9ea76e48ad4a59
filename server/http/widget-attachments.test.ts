import { describe, expect, it } from 'vitest';
import { attachmentsDir, detectAttachmentType } from './widget-attachments.ts';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('detectAttachmentType', () => {
  it('knows images and PDFs by their first bytes', () => {
    expect(detectAttachmentType(bytes([0x89], 'PNG\r\n\x1a\n', 'rest'))).toBe('image/png');
    expect(detectAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(detectAttachmentType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
    expect(detectAttachmentType(bytes('GIF87a'))).toBe('image/gif');
    expect(detectAttachmentType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(detectAttachmentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses everything else, whatever it is called', () => {
    expect(detectAttachmentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(detectAttachmentType(bytes('<!doctype html><script>alert(1)</script>'))).toBeNull();
    expect(detectAttachmentType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull();
    expect(detectAttachmentType(bytes('PK', [3, 4]))).toBeNull();
    expect(detectAttachmentType(bytes([0x89], 'PN'))).toBeNull();
    expect(detectAttachmentType(Buffer.alloc(0))).toBeNull();
  });

  it('keeps files beside the database', () => {
    expect(attachmentsDir('/var/lib/parley/parley.db')).toBe('/var/lib/parley/attachments');
  });
});
