using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server (Debian's <c>postgresql</c> package): its own cluster in a temporary folder made by
/// <c>initdb</c> (user <c>postgres</c>, trust authentication), listening on a free loopback port and a socket in that
/// folder, with <c>fsync</c> off. <see cref="CreateDatabase"/> gives each test a fresh database; disposing stops the
/// server and deletes the folder. PostgreSQL refuses to run as root: as root, <c>initdb</c> and <c>pg_ctl</c> run
/// as the <c>postgres</c> user (<c>runuser</c>), which owns the folder.
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    private const string ServiceUser = "postgres";

    private readonly string _binaries;
    private readonly string _dataDirectory;
    private readonly string _log;
    private bool _running;

    private PostgreSqlServer(string binaries, string directory)
    {
        _binaries = binaries;
        Directory = directory;
        _dataDirectory = Path.Combine(directory, "data");
        _log = Path.Combine(directory, "postgres.log");
        Port = FreePort.Next();
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The server's folder (cluster, socket, log).</summary>
    public string Directory { get; }

    /// <summary>Creates a cluster in a new temporary folder and starts the server; returns once it accepts connections.</summary>
    public static PostgreSqlServer Start()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "These tests need a real PostgreSQL server, and its binaries (initdb, pg_ctl) are not installed in " +
            "/usr/lib/postgresql/<version>/bin. The project's test command (bash .ci/test) installs them; by hand: apt-get install postgresql.");
        var directory = Path.Combine(Path.GetTempPath(), "safecommunity-postgres-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new PostgreSqlServer(binaries, directory);
        try
        {
            server.Initialise();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The Npgsql connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Database = database,
        Timeout = 15,
    }.ToString();

    /// <summary>Creates a new, empty database with a unique name and returns its name.</summary>
    public string CreateDatabase()
    {
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8';");
        return name;
    }

    /// <summary>Drops <paramref name="database"/>, closing whatever connections are still open to it.</summary>
    public void DropDatabase(string database) => Execute($"DROP DATABASE IF EXISTS {database} WITH (FORCE);");

    /// <summary>Stops the server at once (its data is thrown away) and deletes its folder.</summary>
    public void Dispose()
    {
        if (_running)
        {
            _running = false;
            try
            {
                Run("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException)
            {
                // Already gone; the folder goes anyway.
            }
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "pg_ctl")))
        {
            return configured;
        }

        const string Root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(Root))
        {
            return null;
        }

        // The newest installed major version.
        return System.IO.Directory.GetDirectories(Root)
            .Select(folder => (Folder: folder, Version: int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1))
            .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Folder, "bin", "pg_ctl")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Folder, "bin"))
            .FirstOrDefault();
    }

    private void Initialise()
    {
        if (Environment.IsPrivilegedProcess)
        {
            Run("/bin/chown", [ServiceUser + ":", Directory], TimeSpan.FromSeconds(10), asServiceUser: false);
        }

        Run("initdb", ["-D", _dataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], TimeSpan.FromSeconds(120));
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-k {Directory} -p {Port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        Run("pg_ctl", ["-D", _dataDirectory, "-l", _log, "-o", options, "-w", "-t", "60", "start"], TimeSpan.FromSeconds(90));
        _running = true;
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout, bool asServiceUser = true)
    {
        var executable = program.StartsWith('/') ? program : Path.Combine(_binaries, program);
        var start = asServiceUser && Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("/usr/sbin/runuser", ["-u", ServiceUser, "--", executable, .. arguments])
            : new ProcessStartInfo(executable, arguments);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        // Run from a folder the service user may enter: initdb and pg_ctl stat their working directory.
        start.WorkingDirectory = Directory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(_log) ? File.ReadAllText(_log) : "(no server log)";
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}\nServer log:\n{log}");
        }
    }
}
