// An independent DCQL peer (dcql 3.0.0, pinned in package.json) driven by tests/Honnin.Interop.Tests/DcqlInteropTests.cs.
// Reads one JSON request on stdin and writes one JSON response on stdout. Commands, each over a batch:
//   parse: { queries: [query, ...] } -> { results: [{ ok, error? }] }   (DcqlQuery.parse, then DcqlQuery.validate)
//   match: { cases: [{ query, credentials }] } -> { results: [{ ok, error?, can_be_satisfied, matches, credential_sets }] }
//     where matches maps each credential query id to [{ index, claim_set_index }] for the credentials that answer it
//     (claim_set_index: the first valid claim set, null without claim sets), and credential_sets lists, per set, the
//     indexes of its matching options. Credentials are in the library's shape (credential_format, vct or doctype,
//     claims or namespaces, cryptographic_holder_binding).
//   present: { cases: [{ query, presentation }] } -> { results: [{ ok, error?, can_be_satisfied }] }
//     (DcqlPresentationResult.fromDcqlPresentation: a verifier's check of a VP Token, keyed by credential query id,
//     each value an array of presentations in the same shape; ok is false when the library refuses the token outright)
import { DcqlPresentationResult, DcqlQuery } from 'dcql';

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

const parse = (input) => {
  const query = DcqlQuery.parse(input);
  DcqlQuery.validate(query);
  return query;
};

const failure = (error) => ({ ok: false, error: String(error?.message ?? error).slice(0, 500) });

const commands = {
  parse(request) {
    return {
      results: request.queries.map((input) => {
        try {
          parse(input);
          return { ok: true };
        } catch (error) {
          return failure(error);
        }
      }),
    };
  },

  match(request) {
    return {
      results: request.cases.map(({ query: input, credentials }) => {
        try {
          const query = parse(input);
          const result = DcqlQuery.query(query, credentials);
          const matches = {};
          for (const [id, match] of Object.entries(result.credential_matches)) {
            matches[id] = (match.valid_credentials ?? []).map((credential) => ({
              index: credential.input_credential_index,
              claim_set_index: credential.claims.valid_claim_sets?.[0]?.claim_set_index ?? null,
            }));
          }
          const credentialSets = (result.credential_sets ?? null)?.map((set) =>
            (set.matching_options ?? []).map((option) => set.options.findIndex((o) => JSON.stringify(o) === JSON.stringify(option))));
          return { ok: true, can_be_satisfied: result.can_be_satisfied, matches, credential_sets: credentialSets };
        } catch (error) {
          return failure(error);
        }
      }),
    };
  },

  present(request) {
    return {
      results: request.cases.map(({ query: input, presentation }) => {
        try {
          const result = DcqlPresentationResult.fromDcqlPresentation(presentation, { dcqlQuery: parse(input) });
          return { ok: true, can_be_satisfied: result.can_be_satisfied };
        } catch (error) {
          return failure(error);
        }
      }),
    };
  },
};

const request = await readStdin();
const command = commands[request.command];
if (!command) {
  process.stdout.write(JSON.stringify({ error: `unknown command ${request.command}` }));
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(request)));
