using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Cli;
using SafeCommunity.Iot.Contracts.V1;

namespace SafeCommunity.Iot.Cli.Commands;

/// <summary><c>safecomm geofences list|import|delete</c> (GeoJSON in and out).</summary>
internal static class GeofencesCommands
{
    public static Command Build(Runner runner)
    {
        var geofences = new Command("geofences", "Safe zones and forbidden zones, as GeoJSON");
        geofences.Subcommands.Add(List(runner));
        geofences.Subcommands.Add(Import(runner));
        geofences.Subcommands.Add(Delete(runner));
        return geofences;
    }

    private static Command List(Runner runner)
    {
        var communities = Values.StringList("--community", "Only fences watching this community's devices (repeatable)", "COMMUNITY");
        var output = new Option<string?>("--output", "-o") { Description = "Write the GeoJSON FeatureCollection to this file (default: standard output)", HelpName = "FILE" };
        var command = new Command("list", "The fences as one GeoJSON FeatureCollection");
        command.Options.Add(communities);
        command.Options.Add(output);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, "list geofences", async connection =>
        {
            var request = new ListGeofencesRequest();
            request.CommunityIds.AddRange(result.GetValue(communities) ?? []);
            var response = await connection.Geofences.ListAsync(request, runner.Unary(cancellationToken));
            if (result.GetValue(output) is not { Length: > 0 } path)
            {
                runner.Context.Out.WriteLine(response.Geojson);
                return ExitCodes.Success;
            }

            try
            {
                await File.WriteAllTextAsync(path, response.Geojson + "\n", cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return runner.Usage($"cannot write {path}: {e.Message}");
            }

            runner.Context.Out.WriteLine($"wrote {Fences(response.Count)} to {path}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Import(Runner runner)
    {
        var file = new Argument<string>("file") { Description = "A GeoJSON Feature or FeatureCollection (docs/geofences.md)" };
        var replace = Values.Flag("--replace", "Replace fences with the same ids (every fence of the file must exist)");
        var command = new Command("import", "Add fences from a GeoJSON file, all or nothing; with --replace, update existing ones");
        command.Arguments.Add(file);
        command.Options.Add(replace);
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            string geojson;
            try
            {
                geojson = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Task.FromResult(runner.Usage($"cannot read {path}: {e.Message}"));
            }

            var update = result.GetValue(replace);
            return runner.CallAsync(result, update ? $"update the fences of {path}" : $"add the fences of {path}", async connection =>
            {
                var request = new GeofenceGeoJsonRequest { Geojson = geojson };
                GeofencesResponse response;
                try
                {
                    response = update
                        ? await connection.Geofences.UpdateAsync(request, runner.Unary(cancellationToken))
                        : await connection.Geofences.CreateAsync(request, runner.Unary(cancellationToken));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists && !update)
                {
                    var detail = string.IsNullOrWhiteSpace(e.Status.Detail) ? string.Empty : $" ({e.Status.Detail.Trim()})";
                    return runner.Fail(new Connection.CliFailure(
                        ExitCodes.Failed,
                        $"cannot add the fences of {path}: a fence with one of its ids exists already{detail}; nothing was added. " +
                        $"To replace the existing fences: safecomm geofences import {path} --replace"));
                }

                runner.Context.Out.WriteLine($"{(update ? "updated" : "added")} {Fences(response.Count)} from {path}");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command Delete(Runner runner)
    {
        var id = new Argument<string>("id") { Description = "The fence's id" };
        var command = new Command("delete", "Delete a fence");
        command.Arguments.Add(id);
        command.SetAction((result, cancellationToken) => runner.CallAsync(result, $"delete geofence {result.GetValue(id)}", async connection =>
        {
            await connection.Geofences.DeleteAsync(new DeleteGeofenceRequest { GeofenceId = result.GetValue(id)!.Trim() }, runner.Unary(cancellationToken));
            runner.Context.Out.WriteLine($"geofence {result.GetValue(id)!.Trim()} deleted");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string Fences(int count) => $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? "fence" : "fences")}";
}
