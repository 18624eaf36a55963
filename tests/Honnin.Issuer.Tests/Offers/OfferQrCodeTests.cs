using System.Diagnostics;
using Honnin.Issuer.Offers;
using Honnin.OpenId4Vc;

namespace Honnin.Issuer.Tests.Offers;

/// <summary>
/// An offer link as a QR code: the PNG decodes back to the very same link with an independent decoder (zbar's
/// <c>zbarimg</c>), the SVG and terminal forms are made, and a link too long for a QR code is refused.
/// </summary>
public sealed class OfferQrCodeTests
{
    [Fact]
    public async Task The_png_decodes_back_to_the_same_link_with_zbar()
    {
        var offer = new CredentialOffer("https://payroll.example.jp", ["withholding_slip_dc_sd_jwt"], PreAuthorizedCode: new PreAuthorizedCodeOfferGrant("oaKazRN8I0IbtZ0C7JuMn5", new TransactionCodeSpec("numeric", 4, "人事部からのメール")));
        var link = CredentialOfferLink.ByValue(offer);
        var path = Path.Combine(Path.GetTempPath(), "honnin-offer-" + Guid.NewGuid().ToString("N") + ".png");
        await File.WriteAllBytesAsync(path, OfferQrCode.Png(link));
        try
        {
            var decoded = await ZbarAsync(path);

            Assert.Equal(link, decoded);
            Assert.Equal(offer.ToJson().ToJsonString(), CredentialOfferLink.Parse(decoded).Offer!.ToJson().ToJsonString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_svg_and_terminal_forms_are_made_and_a_too_long_link_is_refused()
    {
        var link = CredentialOfferLink.ByReference(new Uri("https://payroll.example.jp/offers/4f2b"));

        Assert.StartsWith("<svg", OfferQrCode.Svg(link), StringComparison.Ordinal);
        Assert.True(OfferQrCode.Terminal(link).Split('\n').Length > 10);
        Assert.Throws<ArgumentException>(() => OfferQrCode.Png("openid-credential-offer://?credential_offer=" + new string('x', 3000)));
    }

    // zbarimg from Debian's zbar-tools; as root the test installs it when it is missing (as .ci/run does), and fails with
    // how to install it otherwise — it never passes without decoding.
    private static async Task<string> ZbarAsync(string png)
    {
        if (!File.Exists("/usr/bin/zbarimg") && Environment.UserName == "root")
        {
            await RunAsync("apt-get", ["update"], TimeSpan.FromMinutes(5));
            await RunAsync("apt-get", ["install", "-y", "--no-install-recommends", "zbar-tools"], TimeSpan.FromMinutes(5));
        }

        Assert.True(File.Exists("/usr/bin/zbarimg"), "zbarimg is missing: install Debian's zbar-tools (apt-get install zbar-tools) to decode QR codes in this test.");
        var output = await RunAsync("/usr/bin/zbarimg", ["--quiet", "--raw", "-Sbinary", png], TimeSpan.FromSeconds(30));
        return output.TrimEnd('\n', '\r');
    }

    private static async Task<string> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
