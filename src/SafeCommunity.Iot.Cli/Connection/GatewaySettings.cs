using SafeCommunity.Iot.Cli.Cli;

namespace SafeCommunity.Iot.Cli.Connection;

/// <summary>
/// Where the gateway's instances are (one address or several, tried in turn), the bearer token, and the CA to trust,
/// resolved from the flags and the environment.
/// </summary>
internal sealed record GatewaySettings(IReadOnlyList<Uri> Addresses, string Token, string? CaFile)
{
    public const string DefaultGateway = "http://127.0.0.1:5081";
    public const string GatewayVariable = "SAFECOMM_GATEWAY";
    public const string TokenVariable = "SAFECOMM_TOKEN";
    public const string TokenFileVariable = "SAFECOMM_TOKEN_FILE";
    public const string CaFileVariable = "SAFECOMM_CA_FILE";

    /// <summary>How to give a token, for the "no token" message.</summary>
    public const string HowToGiveAToken =
        $"give --token-file PATH or --token TOKEN, or set {TokenFileVariable} or {TokenVariable} (an administrator creates tokens with 'safecomm tokens create')";

    /// <summary>
    /// Resolves the settings: flags first, then the environment. Order for the token: <c>--token</c>,
    /// <c>--token-file</c>, <c>SAFECOMM_TOKEN</c>, <c>SAFECOMM_TOKEN_FILE</c>. The token and its file's content
    /// are trimmed; the token itself never appears in an error.
    /// </summary>
    public static bool TryResolve(GlobalValues values, CliContext context, out GatewaySettings settings, out CliFailure failure)
    {
        settings = null!;
        if (!TryAddresses(values.Gateway, context, out var addresses, out failure))
        {
            return false;
        }

        if (values.Token is not null && values.TokenFile is not null)
        {
            failure = new CliFailure(ExitCodes.Usage, "give --token or --token-file, not both");
            return false;
        }

        string? token;
        string source;
        if (values.Token is not null)
        {
            (token, source) = (values.Token, "--token");
        }
        else if (values.TokenFile is not null)
        {
            if (!TryReadTokenFile(values.TokenFile, "--token-file", out token, out failure))
            {
                return false;
            }

            source = $"the token file {values.TokenFile}";
        }
        else if (context.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromVariable)
        {
            (token, source) = (fromVariable, TokenVariable);
        }
        else if (context.GetEnvironmentVariable(TokenFileVariable) is { Length: > 0 } file)
        {
            if (!TryReadTokenFile(file, TokenFileVariable, out token, out failure))
            {
                return false;
            }

            source = $"the token file {file} ({TokenFileVariable})";
        }
        else
        {
            failure = new CliFailure(ExitCodes.Unauthorized, "no token: " + HowToGiveAToken);
            return false;
        }

        token = token.Trim();
        if (token.Length == 0)
        {
            failure = new CliFailure(ExitCodes.Unauthorized, $"the token from {source} is empty: " + HowToGiveAToken);
            return false;
        }

        if (token.Any(c => c is < '!' or > '~'))
        {
            failure = new CliFailure(
                ExitCodes.Unauthorized,
                $"the token from {source} has spaces or characters that cannot be sent in a header; is it the right value?");
            return false;
        }

        var caFile = values.CaFile ?? NullIfEmpty(context.GetEnvironmentVariable(CaFileVariable));
        settings = new GatewaySettings(addresses, token, caFile);
        failure = default;
        return true;
    }

    /// <summary>
    /// Reads the gateway's addresses from <c>--gateway</c>, <c>SAFECOMM_GATEWAY</c> or the default: one URL, or
    /// several separated by commas (instances sharing one store). An entry that is empty, not an http/https URL or
    /// given twice is an error naming it.
    /// </summary>
    public static bool TryAddresses(string? flag, CliContext context, out IReadOnlyList<Uri> addresses, out CliFailure failure)
    {
        var (text, source) = flag is not null
            ? (flag, "--gateway")
            : context.GetEnvironmentVariable(GatewayVariable) is { Length: > 0 } variable
                ? (variable, GatewayVariable)
                : (DefaultGateway, "the default gateway");
        addresses = [];
        var parsed = new List<Uri>();
        foreach (var part in text.Split(','))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
            {
                failure = new CliFailure(
                    ExitCodes.Usage,
                    $"{source} '{text.Trim()}' has an empty entry: separate gateway URLs with single commas (http://a:5081,http://b:5081)");
                return false;
            }

            if (!Uri.TryCreate(entry, UriKind.Absolute, out var address)
                || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
                || address.Host.Length == 0)
            {
                failure = new CliFailure(
                    ExitCodes.Usage,
                    $"{source} '{entry}' is not a gateway URL: give one such as http://127.0.0.1:5081 (plaintext HTTP/2) or https://gateway.example:5443, several separated by commas");
                return false;
            }

            if (parsed.Contains(address))
            {
                failure = new CliFailure(ExitCodes.Usage, $"{source} names the gateway '{entry}' twice: give each instance once");
                return false;
            }

            parsed.Add(address);
        }

        addresses = parsed;
        failure = default;
        return true;
    }

    private static bool TryReadTokenFile(string path, string source, out string token, out CliFailure failure)
    {
        token = string.Empty;
        try
        {
            token = File.ReadAllText(path);
            failure = default;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failure = new CliFailure(ExitCodes.Unauthorized, $"cannot read the token file {path} ({source}): {e.Message}");
            return false;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The raw values of the global options, before the environment fills the gaps.</summary>
internal sealed record GlobalValues(string? Gateway, string? Token, string? TokenFile, string? CaFile);

/// <summary>A failure to report: its exit code and its one-line message (without the "safecomm: " prefix).</summary>
internal readonly record struct CliFailure(int ExitCode, string Message);
