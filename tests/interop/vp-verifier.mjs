// An independent OpenID4VP 1.0 verifier built on @openid4vc/openid4vp (its Openid4vpVerifier), dcql, jose and
// @sd-jwt/sd-jwt-vc (pinned in package.json), and for mdoc @auth0/mdl from tests/interop-mdoc; driven by
// tests/Honnin.Interop.Tests (OpenId4VpPeerVerifierTests). A small node:http server on a free loopback port serves
// request objects (request_uri, GET and POST) and takes responses (response_uri). Commands come one JSON line at a
// time on stdin, answers one JSON line each on stdout; the first line out is {"port"}. Closing stdin stops it.
//
// {"command": "create", "host": "127.0.0.1" | "localhost", "prefix": "x509_hash" | "x509_san_dns", "dnsName"?,
//  "responseMode": "direct_post" | "direct_post.jwt", "requestUriMethod": "get" | "post", "dcqlQuery": {…},
//  "certificateChain": ["base64 DER", …], "signingJwk": private P-256 JWK, "issuerRoots": ["PEM", …],
//  "responseHost"?: the response_uri's host when it is not "host"}
//   → {"id", "link", "clientId", "nonce", "requestUri"}
// {"command": "result", "id"} → {"answered": bool, "requestsServed": [{"method", "walletNonce", "walletMetadata", "aud"}],
//   "valid": bool, "errors": ["…"], "presentations": {queryId: {…claims | elements}}, "kb": {queryId: payload}}
//
// For each answer the verifier runs parseOpenid4vpAuthorizationResponse (decrypting direct_post.jwt with the
// transaction's own ECDH-ES key), checks state, verifies every presentation — SD-JWT VC: issuer signature by the
// leaf of the x5c header chained to an issuer root, KB-JWT with cnf.jwk, nonce, and aud equal to the full client id;
// mdoc: @auth0/mdl's Verifier over the OpenID4VPHandover session transcript computed here — and checks the whole
// vp_token against the query with DcqlPresentationResult.
import { createServer } from 'node:http';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { Openid4vpVerifier, calculateX509HashClientIdPrefixValue } from '@openid4vc/openid4vp';
import { setGlobalConfig } from '@openid4vc/oauth2';
import { DcqlQuery, DcqlPresentationResult } from 'dcql';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';
import * as jose from 'jose';

setGlobalConfig({ allowInsecureUrls: true });

const mdl = () => {
  const require = createRequire(new URL('../interop-mdoc/package.json', import.meta.url));
  return { ...require('@auth0/mdl'), cbor: require('@auth0/mdl/lib/cbor/index.js') };
};

const HASHES = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };
const hash = (data, alg) => new Uint8Array(createHash(HASHES[String(alg).toLowerCase()]).update(data).digest());
const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

const transactions = new Map();
let port;

const signJwtWith = (signingJwk) => async (signer, { header, payload }) => {
  const key = await jose.importJWK(signingJwk, 'ES256');
  const jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).sign(key);
  const { d, ...publicJwk } = signingJwk;
  return { jwt, signerJwk: publicJwk };
};

const create = async (command) => {
  const id = randomBytes(9).toString('base64url');
  const base = `http://${command.host}:${port}`;
  const clientId = command.prefix === 'x509_hash'
    ? `x509_hash:${await calculateX509HashClientIdPrefixValue({ x509Certificate: command.certificateChain[0], hash })}`
    : `x509_san_dns:${command.dnsName}`;
  const encrypted = command.responseMode === 'direct_post.jwt';
  let encryption;
  if (encrypted) {
    const { publicKey, privateKey } = await jose.generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
    const publicJwk = { ...(await jose.exportJWK(publicKey)), kid: randomBytes(6).toString('base64url'), use: 'enc', alg: 'ECDH-ES' };
    encryption = { publicJwk, privateKey };
  }
  const payload = {
    response_type: 'vp_token',
    client_id: clientId,
    response_uri: `http://${command.responseHost ?? command.host}:${port}/response/${id}`,
    response_mode: command.responseMode,
    nonce: randomBytes(18).toString('base64url'),
    state: randomBytes(12).toString('base64url'),
    dcql_query: command.dcqlQuery,
    client_metadata: {
      vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] }, mso_mdoc: { deviceauth_alg_values: [-7] } },
      ...(encrypted ? { jwks: { keys: [encryption.publicJwk] }, encrypted_response_enc_values_supported: ['A128GCM'] } : {}),
    },
  };
  const transaction = { id, command, payload, encryption, clientId, requestUri: `${base}/request/${id}`, served: [], result: null };
  transactions.set(id, transaction);
  const { authorizationRequest } = await requestObject(transaction);
  const link = command.requestUriMethod === 'post' ? `${authorizationRequest}&request_uri_method=post` : authorizationRequest;
  return { id, link, clientId, nonce: payload.nonce, requestUri: transaction.requestUri };
};

// The signed request object, with the wallet's nonce when it posted one (OpenID4VP 1.0 §5.10).
const requestObject = (transaction, walletNonce) => new Openid4vpVerifier({ callbacks: { signJwt: signJwtWith(transaction.command.signingJwk), hash } })
  .createOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: walletNonce ? { ...transaction.payload, wallet_nonce: walletNonce } : transaction.payload,
    wallet: walletNonce ? { expectedNonce: walletNonce } : undefined,
    jar: {
      requestUri: transaction.requestUri,
      jwtSigner: { method: 'x5c', x5c: transaction.command.certificateChain, alg: 'ES256' },
      expiresInSeconds: 300,
    },
  });

const decryptJweFor = (transaction) => async (jwe) => {
  try {
    const { plaintext } = await jose.compactDecrypt(jwe, transaction.encryption.privateKey);
    transaction.jweHeader = jose.decodeProtectedHeader(jwe);
    return { decrypted: true, decryptionJwk: transaction.encryption.publicJwk, payload: new TextDecoder().decode(plaintext) };
  } catch {
    return { decrypted: false };
  }
};

// An X.509 chain (leaf first) that ends at one of the roots, each certificate in its validity period.
const chainsTo = (chain, rootsPem) => {
  const now = new Date();
  const inValidity = (c) => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
  const roots = rootsPem.map((pem) => new X509Certificate(pem));
  const linked = chain.every((c, i) => inValidity(c) && (i === chain.length - 1 || (c.checkIssued(chain[i + 1]) && c.verify(chain[i + 1].publicKey))));
  const last = chain[chain.length - 1];
  return linked && roots.some((root) => inValidity(root) && last.checkIssued(root) && last.verify(root.publicKey));
};

const verifySdJwt = async (presentation, transaction) => {
  const issuerJwt = presentation.split('~')[0];
  const header = jose.decodeProtectedHeader(issuerJwt);
  const chain = (header.x5c ?? []).map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  if (chain.length === 0 || !chainsTo(chain, transaction.command.issuerRoots)) throw new Error('the issuer x5c does not chain to a trusted root');
  const issuerKey = chain[0].publicKey;
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      const [h, p] = data.split('.');
      try {
        await jose.compactVerify(`${h}.${p}.${signature}`, issuerKey);
        return true;
      } catch {
        return false;
      }
    },
    kbVerifier: async (data, signature, payload) => {
      const [h, p] = data.split('.');
      try {
        await jose.compactVerify(`${h}.${p}.${signature}`, await jose.importJWK(payload.cnf.jwk, 'ES256'));
        return true;
      } catch {
        return false;
      }
    },
  });
  const verified = await sdjwt.verify(presentation, { keyBindingNonce: transaction.payload.nonce, requireKeyBindings: true });
  // OpenID4VP 1.0 §B.3.6: the KB-JWT's aud is the client id with its prefix. @sd-jwt/sd-jwt-vc checks no audience.
  if (verified.kb?.payload?.aud !== transaction.clientId) throw new Error(`KB-JWT aud ${verified.kb?.payload?.aud} is not ${transaction.clientId}`);
  const { _sd_alg, cnf, iss, iat, exp, nbf, vct, status, ...claims } = verified.payload;
  return {
    dcql: { credential_format: 'dc+sd-jwt', vct, claims: verified.payload, cryptographic_holder_binding: true },
    claims,
    kb: verified.kb.payload,
  };
};

// OpenID4VP 1.0 §B.2.6.1: [null, null, ["OpenID4VPHandover", sha-256(cbor([client_id, nonce, jwk thumbprint | null, response_uri]))]].
const sessionTranscriptBytes = async (transaction) => {
  const { cbor } = mdl();
  const thumbprint = transaction.encryption ? Buffer.from(await jose.calculateJwkThumbprint(transaction.encryption.publicJwk, 'sha256'), 'base64url') : null;
  const info = cbor.cborEncode([transaction.clientId, transaction.payload.nonce, thumbprint, transaction.payload.response_uri]);
  return Buffer.from(cbor.cborEncode(cbor.DataItem.fromData([null, null, ['OpenID4VPHandover', createHash('sha256').update(info).digest()]])));
};

const verifyMdoc = async (presentation, transaction) => {
  const { Verifier, parse } = mdl();
  const bytes = Buffer.from(presentation, 'base64url');
  const failed = [];
  await new Verifier(transaction.command.issuerRoots).verify(bytes, {
    encodedSessionTranscript: await sessionTranscriptBytes(transaction),
    onCheck: (check) => { if (check.status === 'FAILED') failed.push(`${check.check}${check.reason ? ': ' + check.reason : ''}`); },
  });
  if (failed.length > 0) throw new Error(failed.join('; '));
  const [document] = parse(bytes).documents;
  const namespaces = Object.fromEntries(Object.entries(document.issuerSigned.nameSpaces).map(([ns, items]) => [
    ns, Object.fromEntries(items.map((item) => [item.elementIdentifier, item.elementValue])),
  ]));
  return { dcql: { credential_format: 'mso_mdoc', doctype: document.docType, namespaces, cryptographic_holder_binding: true }, claims: namespaces };
};

const answer = async (transaction, form) => {
  const result = { valid: false, errors: [], presentations: {}, kb: {} };
  // Openid4vpVerifier.parseOpenid4vpAuthorizationResponse passes its options through without the instance's
  // callbacks, so they are given here.
  const callbacks = { hash, decryptJwe: transaction.encryption ? decryptJweFor(transaction) : undefined, verifyJwt: async () => ({ verified: false }) };
  const parsed = await new Openid4vpVerifier({ callbacks }).parseOpenid4vpAuthorizationResponse({ authorizationResponse: form, authorizationRequestPayload: transaction.payload, callbacks });
  if (parsed.authorizationResponsePayload.state !== transaction.payload.state) result.errors.push('state does not match');
  if (transaction.encryption && !parsed.jarm) result.errors.push('the response was not encrypted');
  const query = DcqlQuery.parse(transaction.payload.dcql_query);
  const described = {};
  for (const [id, presentations] of Object.entries(parsed.dcql.presentations)) {
    const format = query.credentials.find((c) => c.id === id)?.format;
    described[id] = [];
    for (const presentation of presentations) {
      try {
        const verified = format === 'mso_mdoc' ? await verifyMdoc(presentation, transaction) : await verifySdJwt(presentation, transaction);
        described[id].push(verified.dcql);
        result.presentations[id] = verified.claims;
        if (verified.kb) result.kb[id] = verified.kb;
      } catch (error) {
        result.errors.push(`${id}: ${error?.message ?? error}`);
      }
    }
  }
  const dcql = DcqlPresentationResult.fromDcqlPresentation(described, { dcqlQuery: query });
  if (!dcql.can_be_satisfied) result.errors.push('the vp_token does not satisfy the query: ' + JSON.stringify(dcql.credential_matches));
  result.jweHeader = transaction.jweHeader ?? null;
  result.valid = result.errors.length === 0;
  return result;
};

const readBody = async (request) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url, 'http://127.0.0.1');
    const [, kind, id] = url.pathname.split('/');
    const transaction = transactions.get(id);
    if (!transaction) {
      response.writeHead(404).end();
      return;
    }
    const form = request.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readBody(request))) : {};
    if (kind === 'request') {
      const { jar } = await requestObject(transaction, form.wallet_nonce);
      const { aud } = jose.decodeJwt(jar.authorizationRequestJwt);
      transaction.served.push({ method: request.method, walletNonce: form.wallet_nonce ?? null, walletMetadata: form.wallet_metadata ? JSON.parse(form.wallet_metadata) : null, aud });
      response.writeHead(200, { 'Content-Type': 'application/oauth-authz-req+jwt', 'Cache-Control': 'no-store' }).end(jar.authorizationRequestJwt);
      return;
    }
    if (kind === 'response' && request.method === 'POST') {
      if (transaction.result) {
        response.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request', error_description: 'already answered' }));
        return;
      }
      try {
        transaction.result = await answer(transaction, form);
      } catch (error) {
        transaction.result = { valid: false, errors: [`response: ${error?.message ?? error} ${error?.errorResponse ? JSON.stringify(error.errorResponse) : ''}`], presentations: {}, kb: {} };
      }
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end('{}');
      return;
    }
    response.writeHead(405).end();
  } catch (error) {
    process.stderr.write(`${error?.stack ?? error}\n`);
    response.writeHead(500).end();
  }
});

server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  process.stdout.write(JSON.stringify({ port }) + '\n');
});

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  let reply;
  try {
    const command = JSON.parse(line);
    if (command.command === 'create') reply = await create(command);
    else if (command.command === 'result') {
      const t = transactions.get(command.id);
      reply = { answered: Boolean(t?.result), requestsServed: t?.served ?? [], ...(t?.result ?? {}) };
    } else reply = { error: `unknown command ${command.command}` };
  } catch (error) {
    reply = { error: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
lines.on('close', () => server.close(() => process.exit(0)));
