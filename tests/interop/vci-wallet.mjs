// An independent OpenID4VCI wallet built on @openid4vc/openid4vci and @openid4vc/oauth2 (pinned in package.json),
// driven by tests/Honnin.Interop.Tests. Reads one JSON request on stdin, writes one JSON response on stdout.
//
// Request: {"offer": "openid-credential-offer://…", "txCode": "123456" | null, "batch": 3,
//           "credentialConfigurationId": optional, defaults to the offer's first,
//           "notify": optional notification event sent once the credentials are in (e.g. "credential_accepted"),
//           "maxDeferredPolls": optional, how often to poll a deferred issuance (10),
//           "withoutCredentialDpopNonce": optional, send the first credential request's DPoP proof without a nonce}
// Response: {"configurationId": "…", "credentials": ["…"], "provenJwks": [jwk, …], "dpopJwk": jwk, "notificationId": "…",
//            "tokenType": "DPoP", "transactionId": "…" | null, "deferredPolls": 0, "challenges": ["/token", …]}
//       or: {"error": "message", "stage": "offer|metadata|token|nonce|proof|credential|deferred|notification",
//            "errorResponse": {…} | null, "status": 400, "body": "…" | null, "validation": ["…"] | null}
//
// The flow is the pre-authorized code grant with DPoP: the library answers the server's use_dpop_nonce challenge
// itself. Every key proof is signed by a fresh ES256 (P-256) key, all with the one c_nonce of the nonce endpoint.
// Keys are made and used by node:crypto (webcrypto); the library only sees the callbacks below.
import { webcrypto, createHash, randomBytes } from 'node:crypto';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous } from '@openid4vc/oauth2';

// Loopback tests run over plain http://127.0.0.1; the library refuses http URLs unless told otherwise.
setGlobalConfig({ allowInsecureUrls: true });

const { subtle } = webcrypto;
const ES256 = { name: 'ECDSA', namedCurve: 'P-256' };

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const publicPart = ({ kty, crv, x, y }) => ({ kty, crv, x, y });
const keyName = (jwk) => `${jwk.crv}:${jwk.x}:${jwk.y}`;

// Private keys by their public JWK; signJwt finds the one the library names.
const privateKeys = new Map();

const generateKey = async () => {
  const pair = await subtle.generateKey(ES256, true, ['sign', 'verify']);
  const jwk = publicPart(await subtle.exportKey('jwk', pair.publicKey));
  privateKeys.set(keyName(jwk), pair.privateKey);
  return { method: 'jwk', alg: 'ES256', publicJwk: jwk };
};

const HASHES = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

// Every DPoP nonce challenge the servers sent (the library answers them itself), for the tests to see.
const challenges = [];
const fetchRecordingChallenges = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  if (response.headers.get('DPoP-Nonce') && (response.status === 400 || response.status === 401)) {
    const body = await response.clone().text();
    const challenge = response.headers.get('WWW-Authenticate') ?? '';
    if (body.includes('use_dpop_nonce') || challenge.includes('use_dpop_nonce')) challenges.push(new URL(String(input)).pathname);
  }
  return response;
};

const callbacks = {
  fetch: fetchRecordingChallenges,
  hash: (data, alg) => {
    const name = HASHES[String(alg).toLowerCase()];
    if (!name) throw new Error(`unsupported hash ${alg}`);
    return new Uint8Array(createHash(name).update(data).digest());
  },
  generateRandom: (length) => new Uint8Array(randomBytes(length)),
  signJwt: async (signer, { header, payload }) => {
    if (signer.method !== 'jwk' || signer.alg !== 'ES256') throw new Error(`cannot sign with ${signer.method}/${signer.alg}`);
    const key = privateKeys.get(keyName(signer.publicJwk));
    if (!key) throw new Error('signJwt was asked for a key this wallet did not make');
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(input));
    return { jwt: `${input}.${Buffer.from(signature).toString('base64url')}`, signerJwk: signer.publicJwk };
  },
  clientAuthentication: clientAuthenticationAnonymous(),
};

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

// What a failed step says: the library's message; when the server answered with an error object, that object; when
// the library refused a response it was given, the response's status, body and the library's validation messages.
const failure = async (stage, error) => {
  const result = error?.response;
  const errorResponse = error?.errorResponse
    ?? result?.credentialErrorResponseResult?.data
    ?? result?.deferredCredentialErrorResponseResult?.data
    ?? result?.notificationErrorResponseResult?.data
    ?? null;
  const refused = result?.credentialResponseResult ?? result?.deferredCredentialResponseResult;
  const response = result?.response ?? (typeof result?.status === 'number' ? result : undefined);
  return {
    error: String(error?.message ?? error),
    stage,
    errorResponse,
    status: response?.status ?? null,
    body: response ? await response.clone().text().catch(() => null) : null,
    validation: refused?.error ? refused.error.issues.map((issue) => issue.message) : null,
  };
};

const run = async (request) => {
  const client = new Openid4vciClient({ callbacks });
  let stage = 'offer';
  try {
    const offer = await client.resolveCredentialOffer(request.offer);
    stage = 'metadata';
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const configurationId = request.credentialConfigurationId ?? offer.credential_configuration_ids[0];

    stage = 'token';
    const dpopSigner = await generateKey();
    const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      txCode: request.txCode ?? undefined,
      dpop: { signer: dpopSigner },
    });

    stage = 'nonce';
    const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });

    stage = 'proof';
    const signers = [];
    const jwts = [];
    for (let i = 0; i < (request.batch ?? 1); i++) {
      const signer = await generateKey();
      signers.push(signer);
      const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: configurationId, signer, nonce });
      jwts.push(jwt);
    }

    stage = 'credential';
    let dpopNonce = dpop?.nonce;
    const dpopFor = () => ({ signer: dpopSigner, nonce: dpopNonce });
    const retrieved = await client.retrieveCredentials({
      issuerMetadata,
      credentialConfigurationId: configurationId,
      proofs: { jwt: jwts },
      accessToken: accessTokenResponse.access_token,
      // Without the token endpoint's nonce the server must challenge, and the library answers the challenge itself.
      dpop: request.withoutCredentialDpopNonce ? { signer: dpopSigner } : dpopFor(),
    });
    dpopNonce = retrieved.dpop?.nonce ?? dpopNonce;
    const { credentialResponse } = retrieved;
    let credentials = credentialResponse.credentials;
    let notificationId = credentialResponse.notification_id;

    // A deferred issuance: poll the deferred endpoint every `interval` seconds, at most maxDeferredPolls times.
    let deferredPolls = 0;
    if (credentialResponse.transaction_id) {
      stage = 'deferred';
      let interval = credentialResponse.interval;
      while (!credentials) {
        if (deferredPolls >= (request.maxDeferredPolls ?? 10)) throw new Error(`still deferred after ${deferredPolls} polls`);
        await new Promise((resolve) => setTimeout(resolve, interval * 1000));
        const deferred = await client.retrieveDeferredCredentials({
          issuerMetadata,
          transactionId: credentialResponse.transaction_id,
          accessToken: accessTokenResponse.access_token,
          dpop: dpopFor(),
        });
        deferredPolls++;
        dpopNonce = deferred.dpop?.nonce ?? dpopNonce;
        credentials = deferred.deferredCredentialResponse.credentials;
        notificationId = deferred.deferredCredentialResponse.notification_id ?? notificationId;
        interval = deferred.deferredCredentialResponse.interval ?? interval;
      }
    }

    if (request.notify && notificationId) {
      stage = 'notification';
      await client.sendNotification({
        issuerMetadata,
        notification: { notificationId, event: request.notify },
        accessToken: accessTokenResponse.access_token,
        dpop: dpopFor(),
      });
    }

    return {
      configurationId,
      credentials: credentials.map((c) => c.credential),
      provenJwks: signers.map((s) => s.publicJwk),
      dpopJwk: dpopSigner.publicJwk,
      tokenType: accessTokenResponse.token_type,
      notificationId: notificationId ?? null,
      transactionId: credentialResponse.transaction_id ?? null,
      deferredPolls,
      challenges,
    };
  } catch (error) {
    return await failure(stage, error);
  }
};

process.stdout.write(JSON.stringify(await run(await readStdin())));
