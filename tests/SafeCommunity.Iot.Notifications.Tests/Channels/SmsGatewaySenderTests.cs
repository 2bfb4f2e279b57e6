using System.Text.Json;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.Notifications.Hosting;

namespace SafeCommunity.Iot.Notifications.Tests.Channels;

public sealed class SmsGatewaySenderTests
{
    [Fact]
    public void Body_JsonTemplate_EscapesQuotesAndKeepsChinese()
    {
        var options = new SmsGatewayOptions();
        var body = SmsGatewaySender.Body(options, "+8613800000001", "王奶奶\"按下\"SOS {text}\n", "alarm-1-event-2");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("王奶奶\"按下\"SOS {text}\n", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("+8613800000001", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("alarm-1-event-2", json.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void Body_FormTemplate_UrlEncodesEachValue()
    {
        var options = new SmsGatewayOptions
        {
            ContentType = SmsGatewayOptions.Form,
            BodyTemplate = "PhoneNumbers={to}&Message={text}&OutId={idempotencyKey}&SignName=%E5%B9%B3%E5%AE%89",
        };
        var body = SmsGatewaySender.Body(options, "+86 138", "a&b=c 王", "alarm-1-event-2");
        Assert.Equal("PhoneNumbers=%2B86%20138&Message=a%26b%3Dc%20%E7%8E%8B&OutId=alarm-1-event-2&SignName=%E5%B9%B3%E5%AE%89", body);
    }
}
