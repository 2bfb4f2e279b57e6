using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.Access;

/// <summary>
/// The JSON endpoints on the HTTP/1.1 endpoint (what the alarm board calls) are the same services: the same tokens,
/// scopes and audit as gRPC.
/// </summary>
public sealed class JsonTranscodingTests
{
    [Fact]
    public async Task JsonCalls_NeedAToken_SeeOnlyTheTokensScope_AndAreAudited()
    {
        using var data = new TempDirectory();
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var gateway = new ApiGateway(data.Path, ("Kestrel:Endpoints:Http:Url", httpUrl));
        var roles = await Roles.CreateAsync(gateway);
        await gateway.SendAsync(Frames.Sos(Roles.GrandmaWang, 1));
        var alarmId = Assert.Single((await new V1.Alarms.AlarmsClient(gateway.Channel(roles.Tokens["post-wufu"])).ListAsync(new ListAlarmsRequest())).Alarms).Id;
        using var http = new HttpClient { BaseAddress = new Uri(httpUrl) };

        using var anonymous = await http.GetAsync(new Uri("/api/v1/whoami", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var tiangu = await SendAsync(http, roles.Tokens["post-tiangu"], HttpMethod.Post, $"/api/v1/alarms/{alarmId}:acknowledge");
        Assert.Equal(HttpStatusCode.NotFound, tiangu.StatusCode);

        using var family = await SendAsync(http, roles.Tokens["family"], HttpMethod.Post, $"/api/v1/alarms/{alarmId}:acknowledge");
        Assert.Equal(HttpStatusCode.Forbidden, family.StatusCode);

        using var wufu = await SendAsync(http, roles.Tokens["post-wufu"], HttpMethod.Post, $"/api/v1/alarms/{alarmId}:acknowledge");
        Assert.Equal(HttpStatusCode.OK, wufu.StatusCode);
        var alarm = (await wufu.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alarm");
        Assert.Equal("ALARM_STATE_ACKNOWLEDGED", alarm.GetProperty("state").GetString());
        Assert.Equal("Wufu police room", alarm.GetProperty("acknowledgedBy").GetString());

        var audit = await new V1.Administration.AdministrationClient(gateway.Channel(gateway.AdminToken))
            .ListAuditAsync(new ListAuditRequest { Action = "acknowledge" });
        Assert.Equal(["Wufu police room"], audit.Entries.Select(e => e.Actor));
        Assert.Equal($"alarm {alarmId}", Assert.Single(audit.Entries).Target);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string? token, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
