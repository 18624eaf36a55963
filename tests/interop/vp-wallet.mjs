// An independent OpenID4VP 1.0 wallet built on @openid4vc/openid4vp (its Openid4vpClient), dcql, jose and
// @sd-jwt/sd-jwt-vc (pinned in package.json), and for mdoc @auth0/mdl from tests/interop-mdoc; driven by
// tests/Honnin.Interop.Tests (OpenId4VpPeerWalletTests). Reads one JSON request on stdin, writes one JSON response on
// stdout.
//
// Request: {"offer": "openid-credential-offer://…",      the credential to receive first, with the peer's own key
//           "link": "openid4vp://…",                      the verifier's request
//           "trustedCertificates": ["base64 DER", …],     roots the request object's x5c must chain to
//           "hostAddresses": {"localhost": "127.0.0.1"}   optional, where the peer's fetch connects for a host name
//           "tamper": optional, a mistake to make on purpose: "kb-aud-without-prefix" (the KB-JWT's aud is the client
//                     id without its prefix) or "transcript-without-thumbprint" (the mdoc transcript's jwkThumbprint is
//                     null although the response is encrypted)}
// Response: {"clientIdPrefix", "clientId", "responseMode", "version", "requestUriMethod", "requestObjectPost": "body" | null,
//            "jweHeader": {…} | null, "disclosed": {queryId: [[path…], …]}, "status": 200, "body": "…"}
//       or: {"error": "message", "stage": "offer|…|resolve|select|present|respond|submit", "status", "body"}
//
// The wallet receives its credential from the issuer (pre-authorized code, DPoP, one jwt key proof) with a fresh P-256
// key it keeps, resolves the request (fetching request_uri, verifying the JAR with the leaf of its x5c, the chain to a
// trusted root, and the client id for x509_hash / x509_san_dns — the library's own checks), selects with
// DcqlQuery.query, presents — SD-JWT: @sd-jwt/sd-jwt-vc with a KB-JWT (aud = the full client id, nonce); mdoc:
// @auth0/mdl's DeviceResponse over the OpenID4VP 1.0 transcript (OpenID4VPHandover) it computes itself — and sends
// the response: createOpenid4vpAuthorizationResponse, encrypted by jose (ECDH-ES) for direct_post.jwt, then
// submitOpenid4vpAuthorizationResponse.
import { webcrypto, createHash, randomBytes, X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous } from '@openid4vc/oauth2';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { DcqlQuery } from 'dcql';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import * as jose from 'jose';

setGlobalConfig({ allowInsecureUrls: true });

const { subtle } = webcrypto;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' };
const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const publicPart = ({ kty, crv, x, y }) => ({ kty, crv, x, y });
const keyName = (jwk) => `${jwk.crv}:${jwk.x}:${jwk.y}`;

// The mdoc library lives in tests/interop-mdoc (its own lock file); loaded only for mdoc.
const mdl = () => {
  const require = createRequire(new URL('../interop-mdoc/package.json', import.meta.url));
  return { ...require('@auth0/mdl'), cbor: require('@auth0/mdl/lib/cbor/index.js') };
};

const privateKeys = new Map();
const generateKey = async () => {
  const pair = await subtle.generateKey(P256, true, ['sign', 'verify']);
  const privateJwk = await subtle.exportKey('jwk', pair.privateKey);
  const jwk = publicPart(privateJwk);
  privateKeys.set(keyName(jwk), { key: pair.privateKey, privateJwk });
  return { method: 'jwk', alg: 'ES256', publicJwk: jwk };
};

const HASHES = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };
const hash = (data, alg) => {
  const name = HASHES[String(alg).toLowerCase()];
  if (!name) throw new Error(`unsupported hash ${alg}`);
  return new Uint8Array(createHash(name).update(data).digest());
};

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

const run = async (request) => {
  const trace = { requestObjectPost: null, jweHeader: null };
  // Host names the test's servers answer on (e.g. localhost for x509_san_dns) are connected to by address.
  const fetch = async (input, init) => {
    const url = new URL(String(input));
    if (request.hostAddresses?.[url.hostname]) url.hostname = request.hostAddresses[url.hostname];
    if (init?.method?.toUpperCase() === 'POST' && url.pathname.includes('/request/')) trace.requestObjectPost = String(init.body ?? '');
    return globalThis.fetch(url, init);
  };

  const signJwt = async (signer, { header, payload }) => {
    if (signer.method !== 'jwk' || signer.alg !== 'ES256') throw new Error(`cannot sign with ${signer.method}/${signer.alg}`);
    const held = privateKeys.get(keyName(signer.publicJwk));
    if (!held) throw new Error('signJwt was asked for a key this wallet did not make');
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, held.key, Buffer.from(input));
    return { jwt: `${input}.${Buffer.from(signature).toString('base64url')}`, signerJwk: signer.publicJwk };
  };

  // The JAR's signature by the leaf of its x5c, and the chain (leaf, then any intermediates) to a trusted root.
  const roots = (request.trustedCertificates ?? []).map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  const verifyJwt = async (signer, { compact }) => {
    if (signer.method !== 'x5c') return { verified: false };
    const chain = signer.x5c.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    const now = new Date();
    const inValidity = (c) => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
    const linked = chain.every((c, i) => inValidity(c) && (i === chain.length - 1 || (c.checkIssued(chain[i + 1]) && c.verify(chain[i + 1].publicKey))));
    const last = chain[chain.length - 1];
    const anchored = roots.some((root) => inValidity(root) && last.checkIssued(root) && last.verify(root.publicKey));
    if (!linked || !anchored) return { verified: false };
    try {
      await jose.compactVerify(compact, chain[0].publicKey, { algorithms: [signer.alg] });
    } catch {
      return { verified: false };
    }
    return { verified: true, signerJwk: await jose.exportJWK(chain[0].publicKey) };
  };

  const getX509CertificateMetadata = (certificate) => {
    const names = (new X509Certificate(Buffer.from(certificate, 'base64')).subjectAltName ?? '').split(', ');
    return {
      sanDnsNames: names.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)),
      sanUriNames: names.filter((n) => n.startsWith('URI:')).map((n) => n.slice(4)),
    };
  };

  const encryptJwe = async (encryptor, data) => {
    const key = await jose.importJWK(encryptor.publicJwk, encryptor.alg);
    const header = { alg: encryptor.alg, enc: encryptor.enc, kid: encryptor.publicJwk.kid };
    const builder = new jose.CompactEncrypt(new TextEncoder().encode(data)).setProtectedHeader(header);
    const parameters = {};
    if (encryptor.apu) parameters.apu = Buffer.from(encryptor.apu, 'base64url');
    if (encryptor.apv) parameters.apv = Buffer.from(encryptor.apv, 'base64url');
    builder.setKeyManagementParameters(parameters);
    const jwe = await builder.encrypt(key);
    trace.jweHeader = jose.decodeProtectedHeader(jwe);
    return { jwe, encryptionJwk: encryptor.publicJwk };
  };

  let stage = 'offer';
  let response;
  try {
    // 1. Receive the credential with a key of the peer's own.
    const vci = new Openid4vciClient({ callbacks: { fetch, hash, signJwt, generateRandom: (n) => new Uint8Array(randomBytes(n)), clientAuthentication: clientAuthenticationAnonymous() } });
    const offer = await vci.resolveCredentialOffer(request.offer);
    const issuerMetadata = await vci.resolveIssuerMetadata(offer.credential_issuer);
    const configurationId = offer.credential_configuration_ids[0];
    stage = 'token';
    const dpopSigner = await generateKey();
    const { accessTokenResponse, dpop } = await vci.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, dpop: { signer: dpopSigner } });
    stage = 'credential';
    const { c_nonce: cNonce } = await vci.requestNonce({ issuerMetadata });
    const holder = await generateKey();
    const { jwt: proof } = await vci.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: configurationId, signer: holder, nonce: cNonce });
    const { credentialResponse } = await vci.retrieveCredentials({
      issuerMetadata, credentialConfigurationId: configurationId, proofs: { jwt: [proof] },
      accessToken: accessTokenResponse.access_token, dpop: { signer: dpopSigner, nonce: dpop?.nonce },
    });
    const credential = credentialResponse.credentials[0].credential;
    const holderPrivateJwk = privateKeys.get(keyName(holder.publicJwk)).privateJwk;

    // 2. Resolve the verifier's request.
    stage = 'resolve';
    const client = new Openid4vpClient({ callbacks: { fetch, hash, signJwt, verifyJwt, encryptJwe, getX509CertificateMetadata, decryptJwe: async () => ({ decrypted: false }) } });
    const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: request.link });
    const walletMetadata = {
      vp_formats_supported: { 'dc+sd-jwt': { 'kb-jwt_alg_values': ['ES256'] }, mso_mdoc: { deviceauth_alg_values: [-7] } },
      client_id_prefixes_supported: ['x509_hash', 'x509_san_dns'],
      authorization_encryption_alg_values_supported: ['ECDH-ES'],
      authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'],
    };
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({
      authorizationRequestPayload: parsed.params,
      wallet: { metadata: walletMetadata, nonce: randomBytes(16).toString('base64url') },
    });
    const authorizationRequest = resolved.authorizationRequestPayload;

    // 3. Select with DCQL.
    stage = 'select';
    const query = DcqlQuery.parse(resolved.dcql.query);
    DcqlQuery.validate(query);
    const described = await describe(credential);
    const result = DcqlQuery.query(query, [described.dcql]);
    if (!result.can_be_satisfied) throw new Error('the wallet cannot satisfy the query: ' + JSON.stringify(result.credential_matches));

    // 4. Present.
    stage = 'present';
    const vpToken = {};
    const disclosed = {};
    for (const [id, match] of Object.entries(result.credential_matches)) {
      if (!match.success) continue;
      const claims = match.valid_credentials[0].claims.valid_claim_sets[0].output;
      const queryFor = query.credentials.find((c) => c.id === id);
      if (queryFor.format === 'mso_mdoc') {
        disclosed[id] = Object.entries(claims).flatMap(([ns, elements]) => Object.keys(elements).map((e) => [ns, e]));
        vpToken[id] = [await presentMdoc(credential, described.docType, disclosed[id], holderPrivateJwk, authorizationRequest, request.tamper)];
      } else {
        disclosed[id] = Object.keys(claims).map((name) => [name]);
        vpToken[id] = [await presentSdJwt(credential, Object.keys(claims), holderPrivateJwk, authorizationRequest, request.tamper)];
      }
    }

    // 5. Respond.
    stage = 'respond';
    const encrypted = authorizationRequest.response_mode === 'direct_post.jwt';
    const created = await client.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: authorizationRequest,
      authorizationResponsePayload: { vp_token: vpToken },
      jarm: encrypted ? {
        encryption: { nonce: undefined },
        serverMetadata: {
          authorization_signing_alg_values_supported: [],
          authorization_encryption_alg_values_supported: ['ECDH-ES'],
          authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'],
        },
      } : undefined,
    });
    stage = 'submit';
    ({ response } = await client.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: authorizationRequest,
      authorizationResponsePayload: created.authorizationResponsePayload,
      jarm: created.jarm ? { responseJwt: created.jarm.responseJwt } : undefined,
    }));
    return {
      clientIdPrefix: resolved.client.prefix,
      clientId: authorizationRequest.client_id,
      responseMode: authorizationRequest.response_mode,
      version: resolved.version,
      requestUriMethod: parsed.params.request_uri_method ?? null,
      requestObjectPost: trace.requestObjectPost,
      jweHeader: trace.jweHeader,
      disclosed,
      status: response.status,
      body: await response.text(),
    };
  } catch (error) {
    const failed = error?.response ?? response;
    return {
      error: String(error?.message ?? error) + (error?.errorResponse ? ' ' + JSON.stringify(error.errorResponse) : ''),
      stage,
      status: failed?.status ?? null,
      body: failed ? await failed.clone().text().catch(() => null) : null,
      requestObjectPost: trace.requestObjectPost,
    };
  }
};

// The credential as DCQL sees it: an SD-JWT VC's fully disclosed claims, or an mdoc's name spaces.
const describe = async (credential) => {
  if (credential.includes('~')) {
    const sdjwt = new SDJwtVcInstance({ hasher: digest });
    const claims = await sdjwt.getClaims(credential);
    return { dcql: { credential_format: 'dc+sd-jwt', vct: claims.vct, claims, cryptographic_holder_binding: true } };
  }
  const { cbor } = mdl();
  const issuerSigned = cbor.cborDecode(Buffer.from(credential, 'base64url'));
  const nameSpaces = issuerSigned.get('nameSpaces');
  const namespaces = {};
  for (const [ns, items] of nameSpaces) {
    namespaces[ns] = Object.fromEntries(items.map((item) => [item.data.get('elementIdentifier'), item.data.get('elementValue')]));
  }
  const mso = cbor.cborDecode(issuerSigned.get('issuerAuth')[2]);
  const docType = (mso.data ?? mso).get('docType');
  return { docType, dcql: { credential_format: 'mso_mdoc', doctype: docType, namespaces, cryptographic_holder_binding: true } };
};

const presentSdJwt = async (credential, names, holderPrivateJwk, authorizationRequest, tamper) => {
  const sdjwt = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, kbSigner: await ES256.getSigner(holderPrivateJwk), kbSignAlg: ES256.alg });
  const frame = Object.fromEntries(names.map((n) => [n, true]));
  // OpenID4VP 1.0 §B.3.6: aud is the client id, prefix included; nonce is the request's.
  return sdjwt.present(credential, frame, { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: tamper === 'kb-aud-without-prefix' ? authorizationRequest.client_id.split(':').slice(1).join(':') : authorizationRequest.client_id, nonce: authorizationRequest.nonce } } });
};

// OpenID4VP 1.0 §B.2.6.1: SessionTranscript = [null, null, ["OpenID4VPHandover", sha-256(OpenID4VPHandoverInfoBytes)]],
// OpenID4VPHandoverInfo = [clientId, nonce, jwkThumbprint (of the encryption key) or null, responseUri].
const openId4VpSessionTranscriptBytes = async (authorizationRequest, tamper) => {
  const { cbor } = mdl();
  let thumbprint = null;
  if (authorizationRequest.response_mode === 'direct_post.jwt' && tamper !== 'transcript-without-thumbprint') {
    const jwk = authorizationRequest.client_metadata.jwks.keys[0];
    thumbprint = Buffer.from(await jose.calculateJwkThumbprint(jwk, 'sha256'), 'base64url');
  }
  const info = cbor.cborEncode([authorizationRequest.client_id, authorizationRequest.nonce, thumbprint, authorizationRequest.response_uri]);
  const handover = ['OpenID4VPHandover', createHash('sha256').update(info).digest()];
  return Buffer.from(cbor.cborEncode(cbor.DataItem.fromData([null, null, handover])));
};

const presentMdoc = async (credential, docType, elements, holderPrivateJwk, authorizationRequest, tamper) => {
  const { parse, DeviceResponse, cbor } = mdl();
  // A one-document DeviceResponse around the IssuerSigned, so that @auth0/mdl reads it as an MDoc: the IssuerSigned
  // bytes are spliced in as they are (the digests cover them).
  const issuerSigned = Buffer.from(credential, 'base64url');
  const head = Buffer.from(cbor.cborEncode(new Map([['version', '1.0'], ['status', 0]]))).subarray(1);
  const documentStart = Buffer.concat([Buffer.from([0xa2]), Buffer.from(cbor.cborEncode('docType')), Buffer.from(cbor.cborEncode(docType)), Buffer.from(cbor.cborEncode('issuerSigned'))]);
  const encoded = Buffer.concat([Buffer.from([0xa3]), head, Buffer.from(cbor.cborEncode('documents')), Buffer.from([0x81]), documentStart, issuerSigned]);
  const mdoc = parse(encoded);
  const fields = elements.map(([ns, id]) => ({ path: [`$['${ns}']['${id}']`], intent_to_retain: false }));
  const presentationDefinition = { id: 'vp', input_descriptors: [{ id: docType, format: { mso_mdoc: { alg: ['ES256'] } }, constraints: { limit_disclosure: 'required', fields } }] };
  const response = await DeviceResponse.from(mdoc)
    .usingPresentationDefinition(presentationDefinition)
    .usingSessionTranscriptBytes(await openId4VpSessionTranscriptBytes(authorizationRequest, tamper))
    .authenticateWithSignature(holderPrivateJwk, 'ES256')
    .sign();
  return Buffer.from(response.encode()).toString('base64url');
};

process.stdout.write(JSON.stringify(await run(await readStdin())));
