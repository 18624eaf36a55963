using FsCheck;
using FsCheck.Fluent;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Tests.Corpus;
using static Honnin.Verifier.Tests.Fuzzing.CborTree;

namespace Honnin.Verifier.Tests.Fuzzing;

/// <summary>A valid response to mutate, with what it means.</summary>
/// <param name="Name">Which presentation it is.</param>
/// <param name="Root">The response, decoded.</param>
/// <param name="Session">The session it verifies in.</param>
/// <param name="Form">Its canonical form (<see cref="MdocEquivalence"/>).</param>
/// <param name="VerifiedDocuments">Its verified documents, each as docType and disclosed elements with their encodings.</param>
internal sealed record FuzzBase(string Name, CborMap Root, MdocSession Session, MdocEquivalence.Form Form, IReadOnlySet<string> VerifiedDocuments);

/// <summary>One fuzz input: a base, the mutations applied to it in order, and the result (null when a mutation could
/// not be expressed, e.g. it would give a map the same key twice, which <see cref="CborMap"/> refuses to build).</summary>
internal sealed record FuzzCase(FuzzBase Base, IReadOnlyList<string> Steps, CborValue? Root)
{
    public FuzzCase Then(Edit edit)
    {
        if (Root is null)
        {
            return this;
        }

        try
        {
            return this with { Steps = [.. Steps, edit.Description], Root = edit.Apply() };
        }
        catch (ArgumentException)
        {
            return this with { Steps = [.. Steps, edit.Description + " (not expressible: a map would hold a key twice)"], Root = null };
        }
    }

    public override string ToString() => Base.Name + ": " + string.Join(" ; ", Steps);
}

/// <summary>A mutation, described, to be applied to the value it was generated for.</summary>
internal sealed record Edit(string Description, Func<CborValue> Apply);

/// <summary>
/// FsCheck generators that mutate valid DeviceResponses by structure, through <see cref="CborTree"/>: drop a map entry
/// or array item, duplicate an array item, reorder a map or array, retype a value (integer, text, bytes, map, array,
/// null, boolean, tdate, tag 24), swap disclosed items between namespaces or documents, swap any value between the two
/// documents of a two-document response, replace a value with another from elsewhere in the response, and re-sign
/// issuerAuth with a key that is not the issuer's over a mutated MSO. One to three mutations are stacked.
/// </summary>
internal sealed class MdocMutations(MdocCorpusBuilder builder, IReadOnlyList<FuzzBase> bases)
{
    private static readonly DateTimeOffset EndOfTime = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public Gen<FuzzCase> Cases() =>
        from fuzzBase in Gen.Elements(bases.ToArray())
        from count in Gen.Frequency((6, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from mutated in Stack(new FuzzCase(fuzzBase, [], fuzzBase.Root), count, envelope: true)
        select mutated;

    private Gen<FuzzCase> Stack(FuzzCase current, int count, bool envelope) =>
        count == 0 || current.Root is null
            ? Gen.Constant(current)
            : Edits(current.Root, envelope).SelectMany(edit => Stack(current.Then(edit), count - 1, envelope));

    private Gen<Edit> Edits(CborValue root, bool envelope)
    {
        var nodes = Walk(root);
        var edits = new List<(int, Gen<Edit>)> { (3, Retype(root, nodes)) };
        AddIfAny(edits, 3, Drop(root, nodes));
        AddIfAny(edits, 2, Duplicate(root, nodes));
        AddIfAny(edits, 2, Reorder(root, nodes));
        AddIfAny(edits, 3, ReplaceSubtree(root, nodes));
        if (envelope)
        {
            AddIfAny(edits, 2, SwapItems(root));
            AddIfAny(edits, 2, SwapBetweenDocuments(root));
            AddIfAny(edits, 2, Resign(root));
        }

        return Gen.Frequency(edits.ToArray());
    }

    private static void AddIfAny(List<(int, Gen<Edit>)> edits, int weight, Gen<Edit>? edit)
    {
        if (edit is not null)
        {
            edits.Add((weight, edit));
        }
    }

    private static Gen<Edit>? Drop(CborValue root, List<(int[] Path, CborValue Node)> nodes)
    {
        var containers = nodes.Where(n => Count(n.Node) > 0).ToArray();
        return containers.Length == 0 ? null : Gen.Elements(containers).SelectMany(container => Gen.Choose(0, Count(container.Node) - 1).Select(index => new Edit(
            "drop " + Describe(root, [.. container.Path, container.Node is CborMap ? (2 * index) + 1 : index]),
            () => Replace(root, container.Path, Rebuild(container.Node, Enumerable.Range(0, Count(container.Node)).Where(i => i != index))))));
    }

    private static Gen<Edit>? Duplicate(CborValue root, List<(int[] Path, CborValue Node)> nodes)
    {
        var arrays = nodes.Where(n => n.Node is CborArray { Count: > 0 }).ToArray();
        return arrays.Length == 0 ? null :
            from array in Gen.Elements(arrays)
            from index in Gen.Choose(0, Count(array.Node) - 1)
            from at in Gen.Choose(0, Count(array.Node))
            select new Edit(
                $"duplicate {Describe(root, [.. array.Path, index])} at [{at}]",
                () =>
                {
                    var order = Enumerable.Range(0, Count(array.Node)).ToList();
                    order.Insert(at, index);
                    return Replace(root, array.Path, Rebuild(array.Node, order));
                });
    }

    private static Gen<Edit>? Reorder(CborValue root, List<(int[] Path, CborValue Node)> nodes)
    {
        var containers = nodes.Where(n => Count(n.Node) > 1).ToArray();
        return containers.Length == 0 ? null :
            from container in Gen.Elements(containers)
            from order in Gen.Shuffle(Enumerable.Range(0, Count(container.Node)).ToArray())
            select new Edit(
                $"reorder {Describe(root, container.Path)} as [{string.Join(",", order)}]",
                () => Replace(root, container.Path, Rebuild(container.Node, order)));
    }

    private static Gen<Edit> Retype(CborValue root, List<(int[] Path, CborValue Node)> nodes) =>
        from target in Gen.Elements(nodes.ToArray())
        from kind in Gen.Elements(Kinds.Where(k => k != target.Node.Kind).ToArray())
        from value in ValueOf(kind)
        select new Edit($"retype {Describe(root, target.Path)} ({target.Node.Kind}) to {Short(value)}", () => Replace(root, target.Path, value));

    private static Gen<Edit>? ReplaceSubtree(CborValue root, List<(int[] Path, CborValue Node)> nodes)
    {
        var targets = nodes.Where(n => n.Path.Length > 0).ToArray();
        return targets.Length == 0 ? null :
            from target in Gen.Elements(targets)
            from source in Gen.Elements(nodes.Where(n => !n.Path.SequenceEqual(target.Path)).ToArray())
            select new Edit(
                $"replace {Describe(root, target.Path)} with {Describe(root, source.Path)}",
                () => Replace(root, target.Path, source.Node));
    }

    /// <summary>Swaps two disclosed items of different namespaces, in one document or across two.</summary>
    private static Gen<Edit>? SwapItems(CborValue root)
    {
        var groups = new List<int[][]>();
        for (var document = 0; Find(root, "documents", document) is not null; document++)
        {
            if (Find(root, "documents", document, "issuerSigned", "nameSpaces") is { } path && At(root, path) is CborMap nameSpaces)
            {
                for (var entry = 0; entry < nameSpaces.Count; entry++)
                {
                    if (nameSpaces.Entries[entry].Value is CborArray { Count: > 0 } items)
                    {
                        groups.Add([.. Enumerable.Range(0, items.Count).Select(i => (int[])[.. path, (2 * entry) + 1, i])]);
                    }
                }
            }
        }

        return groups.Count < 2 ? null :
            from pair in Gen.Shuffle(Enumerable.Range(0, groups.Count).ToArray())
            from first in Gen.Elements(groups[pair[0]])
            from second in Gen.Elements(groups[pair[1]])
            select Swap(root, first, second);
    }

    /// <summary>Swaps the values at the same place in two documents.</summary>
    private static Gen<Edit>? SwapBetweenDocuments(CborValue root)
    {
        if (Find(root, "documents") is not { } documentsPath || At(root, documentsPath) is not CborArray { Count: > 1 } documents)
        {
            return null;
        }

        return from pair in Gen.Shuffle(Enumerable.Range(0, documents.Count).ToArray())
               from relative in Gen.Elements(Walk(documents[pair[0]]).Select(n => n.Path).Where(p => Exists(documents[pair[1]], p)).ToArray())
               select Swap(root, [.. documentsPath, pair[0], .. relative], [.. documentsPath, pair[1], .. relative]);
    }

    private static Edit Swap(CborValue root, int[] first, int[] second) => new(
        $"swap {Describe(root, first)} and {Describe(root, second)}",
        () => Overlap(first, second) ? root : Replace(Replace(root, first, At(root, second)), second, At(root, first)));

    /// <summary>Re-signs issuerAuth with the attacker's key over its MSO changed by zero to two mutations.</summary>
    private Gen<Edit>? Resign(CborValue root)
    {
        var targets = new List<(int Document, int[] Path, CborValue Mso)>();
        for (var document = 0; Find(root, "documents", document) is not null; document++)
        {
            if (Find(root, "documents", document, "issuerSigned", "issuerAuth") is { } path
                && At(root, path) is CborArray { Count: 4 } issuerAuth
                && issuerAuth[2] is CborByteString payload
                && CborDecoder.TryDecode(payload.Value, out var mso, out _))
            {
                targets.Add((document, path, mso));
            }
        }

        if (targets.Count == 0)
        {
            return null;
        }

        // The MSO is mutated as a case of its own; its base only names it.
        return from target in Gen.Elements(targets.ToArray())
               from count in Gen.Choose(0, 2)
               from changed in Stack(new FuzzCase(bases[0], [], target.Mso), count, envelope: false)
               from underDocumentSigner in Gen.Elements(true, false)
               select new Edit(
                   $"re-sign issuerAuth of document {target.Document} with another key under {(underDocumentSigner ? "the Document Signer's x5chain" : "a self-signed DS certificate")}, over its MSO"
                       + (changed.Steps.Count == 0 ? " unchanged" : " with: " + string.Join(" ; ", changed.Steps)),
                   () =>
                   {
                       var mso = changed.Root ?? throw new ArgumentException("The MSO mutation is not expressible.");
                       var chain = underDocumentSigner ? builder.Pki.DocumentSigner : builder.AttackerCertificate;
                       var issuerAuth = MdocCorpusBuilder.IssuerAuth(mso.EncodedBytes.ToArray(), MdocCorpusBuilder.Signer(builder.AttackerKey), chain);
                       return Replace(root, target.Path, issuerAuth);
                   });
    }

    // ---- Values of each kind ----

    private static readonly CborValueKind[] Kinds =
    [
        CborValueKind.Integer, CborValueKind.TextString, CborValueKind.ByteString, CborValueKind.Map, CborValueKind.Array,
        CborValueKind.Null, CborValueKind.Boolean, CborValueKind.DateTime, CborValueKind.EncodedCbor,
    ];

    private static Gen<CborValue> ValueOf(CborValueKind kind) => kind switch
    {
        CborValueKind.Integer => Gen.Elements<Int128>(0, 1, 23, 24, -1, -7, 255, 65_536, uint.MaxValue + 1L, long.MaxValue, ulong.MaxValue, -(Int128)ulong.MaxValue - 1)
            .Select(v => (CborValue)new CborInteger(v)),
        CborValueKind.TextString => Gen.Elements("", "1.0", "x", MdocCorpusBuilder.Iso, MdocCorpusBuilder.Slip, "SHA-256", "deviceSignature", "status")
            .Select(v => (CborValue)new CborTextString(v)),
        CborValueKind.ByteString => Gen.Elements(0, 1, 32, 64).Select(n => (CborValue)new CborByteString(new byte[n])),
        CborValueKind.Map => Gen.Elements(0, 1, 2).Select(v => (CborValue)(v switch
        {
            0 => new CborMap([]),
            1 => CborMap.FromText(("k", new CborInteger(0))),
            _ => CborMap.FromLabels((CoseHeaderLabels.Algorithm, new CborInteger((long)CoseAlgorithm.ES256))),
        })),
        CborValueKind.Array => Gen.Elements(0, 1).Select(n => (CborValue)new CborArray(Enumerable.Repeat<CborValue>(new CborInteger(0), n))),
        CborValueKind.Null => Gen.Constant<CborValue>(new CborNull()),
        CborValueKind.Boolean => Gen.Elements(true, false).Select(v => (CborValue)CborBoolean.From(v)),
        CborValueKind.DateTime => Gen.Elements(EndOfTime, DateTimeOffset.MinValue, MdocCorpusBuilder.VerificationTime).Select(v => (CborValue)new CborDateTime(v)),
        _ => Gen.Constant<CborValue>(CborEncodedItem.Wrap(new CborMap([]))),
    };

    // ---- Containers ----

    private static int Count(CborValue node) => node switch
    {
        CborMap map => map.Count,
        CborArray array => array.Count,
        _ => 0,
    };

    /// <summary>The map's entries or the array's items in the given order (indexes may repeat or be left out).</summary>
    private static CborValue Rebuild(CborValue container, IEnumerable<int> order) => container switch
    {
        CborMap map => new CborMap(order.Select(i => map.Entries[i])),
        CborArray array => new CborArray(order.Select(i => array[i])),
        _ => throw new InvalidOperationException("Only maps and arrays have entries."),
    };

    private static bool Exists(CborValue root, int[] path)
    {
        var node = root;
        foreach (var step in path)
        {
            var children = Children(node);
            if (step >= children.Count)
            {
                return false;
            }

            node = children[step];
        }

        return true;
    }
}
