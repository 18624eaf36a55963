using System.Text.Json.Nodes;

namespace Honnin.Dcql;

/// <summary>
/// One entry of a DCQL query's <c>credential_sets</c> (OpenID4VP 1.0 §6.2): alternative combinations
/// (<see cref="Options"/>) of credential query ids, any one of which satisfies a use case of the verifier, and whether
/// the use case is <see cref="Required"/>.
/// </summary>
public sealed class DcqlCredentialSetQuery
{
    private DcqlCredentialSetQuery(IReadOnlyList<IReadOnlyList<string>> options, bool required)
    {
        Options = options;
        Required = required;
    }

    /// <summary>The options: each a non-empty list of credential query ids that together satisfy the set.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Options { get; }

    /// <summary>Whether the set must be satisfied (<c>required</c>, default true).</summary>
    public bool Required { get; }

    internal static DcqlCredentialSetQuery Read(JsonNode? node, int index, IReadOnlySet<string> credentialIds)
    {
        if (node is not JsonObject set)
        {
            throw DcqlReader.Malformed($"credential_sets[{index}] is not an object.");
        }

        var optionArray = DcqlReader.OptionalArray(set, "options", DcqlQuery.MaxOptions)
            ?? throw DcqlReader.Malformed($"credential_sets[{index}] has no options.");
        var options = new IReadOnlyList<string>[optionArray.Count];
        for (var i = 0; i < optionArray.Count; i++)
        {
            var option = DcqlReader.Texts(optionArray[i], $"credential_sets[{index}].options[{i}]", DcqlFailureCodes.Malformed, DcqlQuery.MaxCredentialQueries)
                ?? throw DcqlReader.Malformed($"credential_sets[{index}].options[{i}] is not a non-empty array of credential query ids.");
            if (option.FirstOrDefault(id => !credentialIds.Contains(id)) is { } unknown)
            {
                throw DcqlReader.Fail(DcqlFailureCodes.InvalidCredentialSet, $"credential_sets[{index}].options[{i}] names the credential query id {unknown}, which the query does not have.");
            }

            options[i] = option;
        }

        return new DcqlCredentialSetQuery(options, DcqlReader.OptionalBoolean(set, "required") ?? true);
    }

    internal JsonObject ToJson()
    {
        var set = new JsonObject
        {
            ["options"] = new JsonArray([.. Options.Select(o => (JsonNode)DcqlReader.ToArray(o))]),
        };
        if (!Required)
        {
            set["required"] = false;
        }

        return set;
    }
}
