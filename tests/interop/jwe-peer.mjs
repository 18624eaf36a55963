// An independent JWE peer (jose 6.2.17, pinned in package.json) driven by tests/Honnin.Interop.Tests/JweInteropTests.cs.
// Reads one JSON request on stdin, writes one JSON response on stdout. Byte values travel as base64url.
// Commands:
//   decrypt  { jwe, privateJwk, enc? }                      -> { plaintext, protectedHeader } or { error, code }
//   encrypt  { plaintext, publicJwk, enc, kid?, apu?, apv?, alg? } -> { jwe }
// alg is ECDH-ES (direct key agreement) unless given (a key-wrapping alg, to check that Honnin refuses it); decrypt
// accepts only ECDH-ES, and A128GCM and A256GCM unless enc narrows it.
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose';

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

const bytes = (text) => new Uint8Array(Buffer.from(text, 'base64url'));

const commands = {
  decrypt: async (request) => {
    const key = await importJWK(request.privateJwk, 'ECDH-ES');
    try {
      const { plaintext, protectedHeader } = await compactDecrypt(request.jwe, key, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: request.enc ? [request.enc] : ['A128GCM', 'A256GCM'],
      });
      return { plaintext: Buffer.from(plaintext).toString('base64url'), protectedHeader };
    } catch (error) {
      return { error: String(error?.message ?? error), code: String(error?.code ?? '') };
    }
  },
  encrypt: async (request) => {
    const key = await importJWK(request.publicJwk, request.alg ?? 'ECDH-ES');
    const header = { alg: request.alg ?? 'ECDH-ES', enc: request.enc };
    if (request.kid) header.kid = request.kid;
    const builder = new CompactEncrypt(bytes(request.plaintext)).setProtectedHeader(header);
    const parameters = {};
    if (request.apu) parameters.apu = bytes(request.apu);
    if (request.apv) parameters.apv = bytes(request.apv);
    if (request.apu || request.apv) builder.setKeyManagementParameters(parameters);
    return { jwe: await builder.encrypt(key) };
  },
};

const request = await readStdin();
const command = commands[request.command];
if (!command) {
  process.stdout.write(JSON.stringify({ error: `unknown command ${request.command}` }));
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(request)));
