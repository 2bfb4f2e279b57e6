using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SafeCommunity.Iot.Notifications.Hosting;

/// <summary>Checks <see cref="NotificationOptions"/> at start, with messages that name the setting and say what is allowed.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    private const string Section = NotificationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.PollInterval), options.PollInterval);
        Positive(failures, nameof(options.FirstRetryDelay), options.FirstRetryDelay);
        Positive(failures, nameof(options.SendTimeout), options.SendTimeout);
        Positive(failures, nameof(options.BureauAfter), options.BureauAfter);
        if (options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add($"{Section}:MaxRetryDelay must be at least {Section}:FirstRetryDelay ({options.FirstRetryDelay}).");
        }

        if (options.GiveUpAfter < options.MaxRetryDelay)
        {
            failures.Add($"{Section}:GiveUpAfter must be at least {Section}:MaxRetryDelay ({options.MaxRetryDelay}), or a notice would get one retry.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"{Section}:BatchSize must be between 1 and 1000; it is {options.BatchSize}.");
        }

        ValidateSms(options.Sms, failures);
        ValidateEmail(options.Email, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The MailKit security option a setting names, or null.</summary>
    public static SecureSocketOptions? ParseSecurity(string? value) => value switch
    {
        "StartTls" => SecureSocketOptions.StartTls,
        "SslOnConnect" => SecureSocketOptions.SslOnConnect,
        "StartTlsWhenAvailable" => SecureSocketOptions.StartTlsWhenAvailable,
        "None" => SecureSocketOptions.None,
        _ => null,
    };

    private static void ValidateSms(SmsGatewayOptions sms, List<string> failures)
    {
        if (sms.Url is null)
        {
            return;
        }

        if (!Uri.TryCreate(sms.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Section}:Sms:Url must be an absolute http or https URL.");
        }

        if (sms.ContentType is not (SmsGatewayOptions.Json or SmsGatewayOptions.Form))
        {
            failures.Add($"{Section}:Sms:ContentType must be {SmsGatewayOptions.Json} or {SmsGatewayOptions.Form}; it is '{sms.ContentType}'.");
        }

        if (!sms.BodyTemplate.Contains("{to}", StringComparison.Ordinal) || !sms.BodyTemplate.Contains("{text}", StringComparison.Ordinal))
        {
            failures.Add($"{Section}:Sms:BodyTemplate must contain the placeholders {{to}} and {{text}}.");
        }
    }

    private static void ValidateEmail(SmtpOptions email, List<string> failures)
    {
        if (email.Host is null)
        {
            return;
        }

        if (email.Port is < 1 or > 65535)
        {
            failures.Add($"{Section}:Email:Port must be between 1 and 65535; it is {email.Port}.");
        }

        if (ParseSecurity(email.Security) is null)
        {
            failures.Add($"{Section}:Email:Security must be StartTls, SslOnConnect, StartTlsWhenAvailable or None; it is '{email.Security}'.");
        }

        if (email.From is null || !MailboxAddress.TryParse(email.From, out _))
        {
            failures.Add($"{Section}:Email:From must be the sender's e-mail address when {Section}:Email:Host is set.");
        }

        if ((email.UserName is null) != (email.Password is null))
        {
            failures.Add($"{Section}:Email:UserName and {Section}:Email:Password are set together or not at all.");
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{setting} must be more than zero; it is {value}.");
        }
    }
}
