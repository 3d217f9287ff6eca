// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata
// polyfill loaded before it. Every Nara file imports x509 from here, never directly.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto is enough for parsing, hashing and verifying; signing goes through the Signer
// port (see x509.crypto.ts).
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
