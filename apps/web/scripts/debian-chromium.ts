import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (never a downloaded browser), headless with a fresh profile, without the
 * background traffic a test or a measurement should not wait on or be slowed by.
 */
export function launchDebianChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
