using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using SafeCommunity.Iot.Api.Tests.Support;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.TestSupport;
using V1 = SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Api.Tests.History;

/// <summary>A community's report through the real gateway: what it counts, who may read it, and how bad requests are answered.</summary>
public sealed class CommunityReportTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task GetCommunityReport_AnSosAcknowledgedAndResolved_IsCountedToday_InTheProtoAndTheCsvAndOverJson()
    {
        using var data = new TempDirectory();
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var gateway = new ApiGateway(data.Path, ("Kestrel:Endpoints:Http:Url", httpUrl));
        var roles = await Roles.CreateAsync(gateway);
        var post = gateway.Channel(roles.Tokens["post-wufu"]);
        await gateway.SendAsync(Frames.Sos(Roles.GrandmaWang, 1));
        var alarms = new V1.Alarms.AlarmsClient(post);
        var sos = Assert.Single((await alarms.ListAsync(new ListAlarmsRequest())).Alarms);
        await alarms.AcknowledgeAsync(new AcknowledgeAlarmRequest { AlarmId = sos.Id });
        await alarms.ResolveAsync(new ResolveAlarmRequest { AlarmId = sos.Id, Note = "she was at the gate, taken home" });
        var today = Today();

        var report = await new V1.History.HistoryClient(post).GetCommunityReportAsync(new CommunityReportRequest { CommunityId = "wufu" });

        Assert.Equal("wufu", report.CommunityId);
        Assert.Equal("Asia/Shanghai", report.TimeZone);
        Assert.Equal(today, report.LastDay);
        Assert.Equal(30, report.PerDay.Count);
        Assert.Equal(1, report.Raised);
        Assert.Equal(1, report.PerDay[^1].Alarms);
        Assert.Equal(AlarmKind.Sos, Assert.Single(report.ByKind).Kind);
        Assert.Equal(1, report.TimeToAcknowledge.Answered);
        Assert.True(report.TimeToAcknowledge.HasMedianSeconds);
        Assert.Equal(1, report.TimeToResolve.Answered);
        Assert.Equal(0, report.Unanswered);
        Assert.Equal("Wufu police room", report.GeneratedBy);
        var csv = Encoding.UTF8.GetString(report.Csv.Span).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("community,first_day,last_day,section,item,label,value", csv[0]);
        Assert.Contains(FormattableString.Invariant($"wufu,{report.FirstDay},{today},alarms_by_kind,sos,,1"), csv);

        // The board reads the same call as JSON on the HTTP endpoint.
        using var http = new HttpClient { BaseAddress = new Uri(httpUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/communities/wufu:report")
        {
            Content = new StringContent("{\"firstDay\":\"" + today + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", roles.Tokens["post-wufu"]);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("raised").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("perDay").GetArrayLength());
    }

    [Fact]
    public async Task GetCommunityReport_EveryRoleAndBadRequest_GetsTheAnswerItsScopeAndTheRequestCallFor()
    {
        using var data = new TempDirectory();
        await using var gateway = new ApiGateway(data.Path);
        var roles = await Roles.CreateAsync(gateway);
        async Task<(StatusCode Code, string Detail)> Ask(string role, string community, string firstDay = "", string lastDay = "")
        {
            try
            {
                await new V1.History.HistoryClient(gateway.Channel(roles.Tokens[role])).GetCommunityReportAsync(
                    new CommunityReportRequest { CommunityId = community, FirstDay = firstDay, LastDay = lastDay });
                return (StatusCode.OK, string.Empty);
            }
            catch (RpcException exception)
            {
                return (exception.StatusCode, exception.Status.Detail);
            }
        }

        Assert.Equal(StatusCode.OK, (await Ask("admin", "tiangu")).Code);
        Assert.Equal(StatusCode.OK, (await Ask("post-wufu", "wufu")).Code);
        Assert.Equal(StatusCode.NotFound, (await Ask("post-tiangu", "wufu")).Code);
        Assert.Equal(StatusCode.NotFound, (await Ask("admin", "nowhere")).Code);
        Assert.Equal(StatusCode.PermissionDenied, (await Ask("family", "wufu")).Code);
        Assert.Equal(StatusCode.PermissionDenied, (await Ask("owner", "wufu")).Code);
        Assert.Equal(StatusCode.Unauthenticated, (await Ask("none", "wufu")).Code);
        Assert.Equal((StatusCode.InvalidArgument, "community_id: it is empty."), await Ask("admin", " "));
        var badDay = await Ask("admin", "wufu", firstDay: "1/11/2026");
        Assert.Equal((StatusCode.InvalidArgument, "first_day: '1/11/2026' is not a day; write it as YYYY-MM-DD (2026-11-30)."), badDay);
        var reversed = await Ask("admin", "wufu", firstDay: "2026-11-30", lastDay: "2026-11-01");
        Assert.Equal(StatusCode.InvalidArgument, reversed.Code);
        Assert.Contains("reversed", reversed.Detail, StringComparison.Ordinal);
        var tooLong = await Ask("admin", "wufu", firstDay: "2024-01-01", lastDay: "2025-12-31");
        Assert.Contains("longer than the 366 days", tooLong.Detail, StringComparison.Ordinal);
        var future = await Ask("admin", "wufu", firstDay: Today(days: 2), lastDay: Today(days: 3));
        Assert.Contains("starts in the future", future.Detail, StringComparison.Ordinal);
    }

    private static string Today(int days = 0) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
