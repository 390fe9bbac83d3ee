import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derPositiveInteger, selfSignedCertificate } from './emulators/azure/certificate.js';

describe('the Azure emulator certificate', () => {
  it('encodes serial numbers as minimal positive DER integers', () => {
    // The case that failed CI about one run in 512: a leading 0x00 before a byte below 0x80.
    expect(derPositiveInteger(Buffer.from([0x00, 0x12, 0x34])).toString('hex')).toBe('02021234');
    expect(derPositiveInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex')).toBe('02017f');
    // A high bit needs one leading 0x00 to stay positive.
    expect(derPositiveInteger(Buffer.from([0x80, 0x01])).toString('hex')).toBe('0203008001');
    expect(derPositiveInteger(Buffer.from([0x00, 0x00, 0xff])).toString('hex')).toBe('020200ff');
    // Zero is not a valid serial.
    expect(derPositiveInteger(Buffer.alloc(8)).toString('hex')).toBe('020101');
  });

  it('parses and verifies in OpenSSL, with the addresses the emulator serves', () => {
    for (let i = 0; i < 50; i++) {
      const { cert } = selfSignedCertificate();
      const x509 = new X509Certificate(cert);
      expect(x509.verify(x509.publicKey)).toBe(true);
      expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(BigInt(`0x${x509.serialNumber}`)).toBeGreaterThan(0n);
    }
  });
});
