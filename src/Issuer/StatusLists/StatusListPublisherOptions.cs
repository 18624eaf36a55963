using Honnin.Crypto;

namespace Honnin.Issuer.StatusLists;

/// <summary>How an issuer publishes its status lists.</summary>
public sealed record StatusListPublisherOptions
{
    /// <summary>Signs the tokens: the Document Signer's key, or a dedicated status signer's.</summary>
    public required ISigner Signer { get; init; }

    /// <summary>The signer's certificate chain, leaf first (DER), sent in <c>x5c</c>/<c>x5chain</c> so that verifiers check it against their trust; empty to send none.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; } = [];

    /// <summary>Bits per status: 1 (valid/invalid) or 2 (also suspended). Default 2.</summary>
    public int Bits { get; init; } = 2;

    /// <summary>Entries per list, the same as the size given to <see cref="State.IStatusListStore.AllocateAsync(string, int, string, CancellationToken)"/>. Default 2^17 (a large list keeps any one index from standing out).</summary>
    public int Size { get; init; } = 1 << 17;

    /// <summary>The <c>ttl</c>: how long a verifier may use a fetched token before fetching again. Default 1 hour.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a token is valid (<c>exp</c> − <c>iat</c>). Default 1 day.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Signer);
        if (Bits is not (1 or 2))
        {
            throw new ArgumentException("Bits is 1 (valid/invalid) or 2 (with suspended).", nameof(Bits));
        }

        if (Size is < 8 or > 1 << 24 || Size * Bits % 8 != 0)
        {
            throw new ArgumentException("Size is between 8 and 2^24 entries and fills whole bytes.", nameof(Size));
        }

        if (TimeToLive < TimeSpan.FromSeconds(1) || Validity < TimeToLive)
        {
            throw new ArgumentException("TimeToLive is at least a second and Validity at least TimeToLive.", nameof(TimeToLive));
        }
    }
}
