namespace Honnin.SdJwt;

/// <summary>Where one Disclosure landed in the processed payload.</summary>
/// <param name="DisclosureIndex">The index of the Disclosure in <see cref="SelectiveDisclosureJwt.Disclosures"/>.</param>
/// <param name="Path">The claim path it revealed (array indexes are positions in the processed array).</param>
/// <param name="ParentDisclosureIndex">The index of the Disclosure whose value held its digest, or null when the digest is in the Issuer-signed JWT payload itself.</param>
public sealed record DisclosedClaim(int DisclosureIndex, ClaimPath Path, int? ParentDisclosureIndex);
