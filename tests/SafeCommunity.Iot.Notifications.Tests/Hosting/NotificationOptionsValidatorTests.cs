using SafeCommunity.Iot.Notifications.Hosting;

namespace SafeCommunity.Iot.Notifications.Tests.Hosting;

public sealed class NotificationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new NotificationOptionsValidator().Validate(null, new NotificationOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadSettings_NameEachOne()
    {
        var options = new NotificationOptions
        {
            FirstRetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.FromMinutes(10),
            GiveUpAfter = TimeSpan.FromMinutes(1),
            BatchSize = 0,
            Sms = new SmsGatewayOptions { Url = "ftp://sms.example.cn", ContentType = "text/plain", BodyTemplate = "{to}" },
            Email = new SmtpOptions { Host = "smtp.example.cn", Port = 0, Security = "Maybe", From = null, UserName = "u" },
        };
        var result = new NotificationOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var setting in new[]
        {
            "FirstRetryDelay", "GiveUpAfter", "BatchSize", "Sms:Url", "Sms:ContentType", "Sms:BodyTemplate", "Email:Port",
            "Email:Security", "Email:From", "Email:UserName",
        })
        {
            Assert.Contains($"Notifications:{setting}", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
