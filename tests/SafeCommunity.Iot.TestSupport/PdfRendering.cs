using System.Diagnostics;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// Renders a PDF's first page to PNG with poppler's <c>pdftoppm</c>, and reads its text with <c>pdftotext</c> (both
/// Debian's poppler-utils), as a reader would see it.
/// </summary>
public static class PdfRendering
{
    /// <summary>The text of <paramref name="pdf"/> as <c>pdftotext</c> extracts it (so the fonts map glyphs back to Unicode).</summary>
    public static async Task<string> TextAsync(byte[] pdf)
    {
        using var folder = new TempDirectory();
        var input = Path.Combine(folder.Path, "page.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        var output = Path.Combine(folder.Path, "page.txt");
        await RunAsync("pdftotext", ["-enc", "UTF-8", input, output]);
        return await File.ReadAllTextAsync(output);
    }

    /// <summary>The PNG of page 1 of <paramref name="pdf"/> at <paramref name="dpi"/>; fails with what to install when pdftoppm is missing.</summary>
    public static async Task<byte[]> FirstPageAsPngAsync(byte[] pdf, int dpi = 72)
    {
        using var folder = new TempDirectory();
        var input = Path.Combine(folder.Path, "page.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        var output = Path.Combine(folder.Path, "page");
        await RunAsync("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", input, output]);
        return await File.ReadAllBytesAsync(output + ".png");
    }

    private static async Task RunAsync(string tool, string[] arguments)
    {
        ProcessStartInfo start = new(tool, arguments) { RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"The PDF tests need '{tool}' (Debian package 'poppler-utils'), and it is not installed. The project's test command (bash .ci/test) installs it; by hand: apt-get install poppler-utils.",
                exception);
        }

        using (process)
        {
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} failed with exit code {process.ExitCode}: {errors}");
            }
        }
    }
}
