using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Cli.Output;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm tokens create|revoke|list</c> and <c>safecomm whoami</c>.</summary>
internal static class TokensCommands
{
    public static Command Build(Runner runner)
    {
        var tokens = new Command("tokens", "Bearer tokens and their scopes (administrators)");
        tokens.Subcommands.Add(Create(runner));
        tokens.Subcommands.Add(Revoke(runner));
        tokens.Subcommands.Add(List(runner));
        return tokens;
    }

    public static Command WhoAmI(Runner runner)
    {
        var json = Values.Json("the token's record as one JSON object");
        var command = new Command("whoami", "Who the token is: its name, role and scope");
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "say who it is", async connection =>
        {
            var token = await connection.Administration.WhoAmIAsync(new WhoAmIRequest(), runner.Unary(cancellationToken));
            if (result.GetValue(json))
            {
                runner.Context.Out.WriteLine(Formats.JsonLine(token));
            }
            else
            {
                TokenDetails(token, runner.Context.Time).WriteTo(runner.Context.Out);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Create(Runner runner)
    {
        var name = new Option<string>("--name") { Description = "Who holds it (\"Wufu police room\", \"Wang family\"); written to the audit log", HelpName = "NAME", Required = true };
        var role = Values.EnumValue<Role>("--role", "What it may do");
        role.Required = true;
        var communities = Values.StringList("--community", "A post token's communities (repeatable)", "COMMUNITY");
        var principal = new Option<string?>("--principal") { Description = "A family or owner token's household or owner, as the registry names it", HelpName = "P" };
        var expires = Values.PointInTime("--expires", "When it stops working: ISO 8601, or a duration from now such as 90d (default: never)", runner.Context, PointsInTime.Direction.FromNow);
        var json = Values.Json("the new token and its secret as one JSON object");
        var command = new Command("create", "Create a token; its secret is printed once and never again");
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(communities);
        command.Options.Add(principal);
        command.Options.Add(expires);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(name)))
            {
                return Task.FromResult(runner.Usage("--name needs the name of who holds the token"));
            }

            if (result.GetValue(expires) is { } at && at <= runner.Context.Time.GetUtcNow())
            {
                return Task.FromResult(runner.Usage($"--expires {Formats.LocalTime(Timestamp.FromDateTimeOffset(at), runner.Context.Time)} is in the past"));
            }

            return runner.CallAsync(result, "create tokens", async connection =>
            {
                var request = new CreateTokenRequest
                {
                    Name = result.GetValue(name)!.Trim(),
                    Role = result.GetValue(role) ?? Role.Unspecified,
                    Principal = result.GetValue(principal)?.Trim() ?? string.Empty,
                };
                request.CommunityIds.AddRange(result.GetValue(communities) ?? []);
                if (result.GetValue(expires) is { } expiry)
                {
                    request.ExpiresAt = Timestamp.FromDateTimeOffset(expiry);
                }

                var response = await connection.Administration.CreateTokenAsync(request, runner.Unary(cancellationToken));
                if (result.GetValue(json))
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(response));
                }
                else
                {
                    TokenDetails(response.Token ?? new TokenInfo(), runner.Context.Time)
                        .Add("secret", response.Secret)
                        .WriteTo(runner.Context.Out);
                }

                runner.Notice("keep the secret now: it is not shown again (the gateway keeps only its hash)");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command Revoke(Runner runner)
    {
        var id = new Argument<string>("id") { Description = "The token's id (not its secret)" };
        var command = new Command("revoke", "Revoke a token: it stops working at once");
        command.Arguments.Add(id);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"revoke token {result.GetValue(id)}", async connection =>
        {
            var token = await connection.Administration.RevokeTokenAsync(
                new RevokeTokenRequest { TokenId = result.GetValue(id)!.Trim() },
                runner.Unary(cancellationToken));
            runner.Context.Out.WriteLine($"token {token.Id} ({token.Name}) revoked at {Formats.LocalTime(token.RevokedAt, runner.Context.Time)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command List(Runner runner)
    {
        var all = Values.Flag("--all", "Also revoked tokens");
        var json = Values.Json();
        var command = new Command("list", "Tokens (never their secrets)");
        command.Options.Add(all);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "list tokens", async connection =>
        {
            var response = await connection.Administration.ListTokensAsync(
                new ListTokensRequest { IncludeRevoked = result.GetValue(all) },
                runner.Unary(cancellationToken));
            if (result.GetValue(json))
            {
                foreach (var token in response.Tokens)
                {
                    runner.Context.Out.WriteLine(Formats.JsonLine(token));
                }

                return ExitCodes.Success;
            }

            var time = runner.Context.Time;
            var table = new TextTable(new("ID"), new("NAME"), new("ROLE"), new("SCOPE"), new("CREATED"), new("BY"), new("EXPIRES"), new("REVOKED"));
            foreach (var token in response.Tokens)
            {
                table.Add(
                    token.Id,
                    token.Name,
                    Formats.Name(token.Role),
                    Scope(token),
                    Formats.LocalTime(token.CreatedAt, time),
                    token.CreatedBy,
                    token.ExpiresAt is null ? "never" : Formats.LocalTime(token.ExpiresAt, time),
                    Formats.LocalTime(token.RevokedAt, time));
            }

            table.WriteTo(runner.Context.Out);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>What a token covers: everything, its communities, or its household or owner.</summary>
    internal static string Scope(TokenInfo token) => token.Role switch
    {
        Role.Admin => "everything",
        Role.Post => token.CommunityIds.Count == 0 ? "no community" : "communities " + string.Join(", ", token.CommunityIds),
        Role.Family => "household " + Or(token.Principal),
        Role.Owner => "owner " + Or(token.Principal),
        _ => "-",
    };

    private static Details TokenDetails(TokenInfo token, TimeProvider time) => new Details()
        .Add("token", token.Id)
        .Add("name", token.Name)
        .Add("role", Formats.Name(token.Role))
        .Add("scope", Scope(token))
        .Add("created", token.CreatedAt is null ? null : $"{Formats.LocalTime(token.CreatedAt, time)}{(token.CreatedBy.Length > 0 ? " by " + token.CreatedBy : string.Empty)}")
        .Add("expires", token.ExpiresAt is null ? "never" : Formats.LocalTime(token.ExpiresAt, time))
        .Add("revoked", Formats.LocalTime(token.RevokedAt, time));

    private static string Or(string value) => value.Length > 0 ? value : "?";
}
