using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Conformance.WorkflowRehearsal.Running;

/// <summary>
/// A job's machine as a Docker container, the closest this machine gets to GitHub's fresh VM per
/// job: the image of the Nix version the job installs (clan-conformance-nix:TAG, Nix's binaries
/// hidden behind placeholders until install-nix runs), a user <c>runner</c> (uid 1001, as on
/// GitHub) whose home <c>/home/runner</c> is a directory of this machine, an empty store owned by
/// root that only the daemon install-nix starts may write (GitHub's multi-user install), the host's
/// .NET SDK at its own path (setup-dotnet), the stand-in tools at /opt/rehearsal, and the host's
/// network (NuGet; Nix and git reach nothing but the local clones the git configuration names).
/// </summary>
internal sealed class ContainerMachine : IRunnerMachine
{
    public const string RunnerUid = "1001";
    private const string MachineHome = "/home/runner";
    private const string Tools = "/opt/rehearsal";
    private const string NuGetFeed = "/opt/rehearsal-nuget";
    private readonly string _name;
    private readonly string _hostHome;
    private readonly string _image;
    private readonly IReadOnlyDictionary<string, string> _images;

    private ContainerMachine(string name, string hostHome, string image, IReadOnlyDictionary<string, string> images)
    {
        _name = name;
        _hostHome = hostHome;
        _image = image;
        _images = images;
    }

    public string Home => MachineHome;
    public string ToolsDirectory => $"{Tools}/tools/bin";
    public IReadOnlyCollection<string> NixVersions => _images.Keys.ToList();

    /// <param name="images">Nix version → image; <paramref name="nixVersion"/> picks the one the job installs (null: the first, its Nix stays hidden).</param>
    /// <param name="mounts">Host directories the machine sees read-only at the given machine paths (local clones, offline inputs).</param>
    public static async Task<ContainerMachine> StartAsync(string root, string name, IReadOnlyDictionary<string, string> images, string? nixVersion,
        IReadOnlyList<(string Host, string Machine)> mounts, Func<string, string, string> writeTools, string ghState, string? nugetFeed, CancellationToken cancellationToken)
    {
        var image = nixVersion is not null && images.TryGetValue(nixVersion, out var i) ? i : images.Values.First();
        var hostHome = Directory.CreateDirectory(Path.Combine(root, "home", "runner")).FullName;
        var tools = Directory.CreateDirectory(Path.Combine(root, "tools")).FullName;
        writeTools(tools, "/opt/rehearsal-gh");
        // The stand-in gh runs as the runner user and writes its state (calls.jsonl, issues.json) here;
        // the directory is this process's (root's), so it must be writable by others, as the runner's
        // home is after the chown below.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ghState, (UnixFileMode)Convert.ToInt32("777", 8));
            foreach (var file in Directory.EnumerateFiles(ghState)) File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("666", 8));
        }
        var sdk = Path.GetDirectoryName(Path.GetFullPath(DotnetHost()))!;
        var app = AppContext.BaseDirectory.TrimEnd('/');
        var args = new List<string>
        {
            "run", "-d", "--init", "--name", name, "--network", "host",
            "-v", $"{hostHome}:{MachineHome}", "-v", $"{tools}:{Tools}/tools:ro", "-v", $"{app}:{Tools}/app:ro", "-v", $"{sdk}:{sdk}:ro",
            "-v", $"{ghState}:/opt/rehearsal-gh",
        };
        // The machine's network is this machine's: its trust roots (a proxy's CA, where there is one) come along.
        if (Directory.Exists("/etc/ssl/certs")) args.AddRange(["-v", "/etc/ssl/certs:/etc/ssl/certs:ro"]);
        foreach (var (host, target) in mounts) args.AddRange(["-v", $"{host}:{target}:ro"]);
        if (nugetFeed is not null)
        {
            if (!Directory.Exists(nugetFeed)) throw new RehearsalException($"the NuGet feed {nugetFeed} does not exist (restore the solution once on this machine: dotnet restore Conformance.sln)");
            args.AddRange(["-v", $"{Path.GetFullPath(nugetFeed)}:{NuGetFeed}:ro"]);
            // The user-level NuGet.Config (the repository has none of its own): the feed replaces nuget.org.
            var config = Directory.CreateDirectory(Path.Combine(hostHome, ".nuget", "NuGet")).FullName;
            File.WriteAllText(Path.Combine(config, "NuGet.Config"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n" +
                $"    <add key=\"rehearsal-feed\" value=\"{NuGetFeed}\" />\n  </packageSources>\n</configuration>\n");
        }
        foreach (var (lib, soname) in JqFiles()) args.AddRange(["-v", $"{lib}:{Tools}/jq/{soname}:ro"]);
        args.AddRange([image, "sleep", "infinity"]);
        var started = await Docker(args, cancellationToken);
        if (started.ExitCode != 0) throw new RehearsalException($"could not start the job's machine (image {image}): {started.StandardError.Trim()}. Is the Docker engine up and the image built (scripts/setup)?");
        var machine = new ContainerMachine(name, hostHome, image, images);
        // GitHub's runner user; the image's single-user Nix configuration is replaced when install-nix runs.
        var (code, output) = await machine.RunAsRootAsync(
            $"useradd -u {RunnerUid} -M -d {MachineHome} -s /bin/bash runner && chown {RunnerUid}:{RunnerUid} {MachineHome} && mkdir -p /etc/nix", cancellationToken);
        if (code != 0) throw new RehearsalException($"could not set up the runner user in {name}: {output}");
        return machine;
    }

    /// <summary>jq and the libraries it needs, from this machine (GitHub's image has jq; the Nix image has not).</summary>
    private static IEnumerable<(string Host, string Name)> JqFiles()
    {
        var jq = "/usr/bin/jq";
        if (!File.Exists(jq)) throw new RehearsalException("jq is missing on this machine (apt-get install jq): the runner image the rehearsal emulates has it");
        yield return (jq, "jq");
        foreach (var lib in new[] { "libjq.so.1", "libonig.so.5" })
        {
            var path = new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu" }
                .Select(d => Path.Combine(d, lib)).FirstOrDefault(File.Exists);
            if (path is not null) yield return (new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? path, lib);
        }
    }

    /// <summary>The jq wrapper's target inside the machine.</summary>
    public static string Jq => $"{Tools}/jq/jq";

    public static string App => $"{Tools}/app/workflow-rehearsal.dll";

    public static string DotnetHost() => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
        : Path.Combine(Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? Path.GetDirectoryName(Path.GetFullPath(ResolveOnPath("dotnet")))!, "dotnet");

    private static string ResolveOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) is { } found
            ? new FileInfo(found).ResolveLinkTarget(true)?.FullName ?? found
            : throw new RehearsalException($"{name} is not on PATH");

    /// <summary>This machine's network settings, which the runner's network is (proxies, certificate checks).</summary>
    private static readonly string[] NetworkVariables =
        ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "NUGET_CERT_REVOCATION_MODE", "SSL_CERT_FILE", "SSL_CERT_DIR"];

    public IReadOnlyDictionary<string, string> BaseEnvironment => NetworkVariables
        .Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)))
        .Select(v => new KeyValuePair<string, string>(v, Environment.GetEnvironmentVariable(v)!))
        .Concat(new Dictionary<string, string>
    {
        ["PATH"] = $"{ToolsDirectory}:{MachineTools.StandardPath}",
        ["HOME"] = MachineHome,
        ["USER"] = "runner",
        ["LANG"] = "C.UTF-8",
        // The image's own settings are for its single-user use by the harness; GitHub's runner has neither.
        ["XDG_CACHE_HOME"] = $"{MachineHome}/.cache",
        ["GIT_CONFIG_SYSTEM"] = $"{Tools}/tools/gitconfig",
    }).ToDictionary();

    public string HostPath(string machinePath)
    {
        var full = Path.GetFullPath(machinePath);
        if (full == MachineHome) return _hostHome;
        if (full.StartsWith(MachineHome + "/", StringComparison.Ordinal)) return _hostHome + full[MachineHome.Length..];
        throw new RehearsalException($"{machinePath} is outside the runner's home ({MachineHome}): the rehearsal maps only the home (workspace, runner.temp, ~) between the machine and the actions it emulates");
    }

    public string MachinePath(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        return full == _hostHome ? MachineHome
            : full.StartsWith(_hostHome + "/", StringComparison.Ordinal) ? MachineHome + full[_hostHome.Length..]
            : throw new RehearsalException($"{hostPath} is not under the machine's home");
    }

    public async Task<int> RunAsync(string scriptPath, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout,
        Action<string> log, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var args = new List<string> { "exec", "-u", $"{RunnerUid}:{RunnerUid}", "-w", workingDirectory };
        foreach (var (k, v) in environment) args.AddRange(["-e", $"{k}={v}"]);
        args.AddRange([_name, "bash", "--noprofile", "--norc", "-eo", "pipefail", scriptPath]);
        try
        {
            var result = await Cli.Wrap("docker").WithArguments(args)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(log)).WithStandardErrorPipe(PipeTarget.ToDelegate(log))
                .WithValidation(CommandResultValidation.None).ExecuteAsync(linked.Token);
            return result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Killing `docker exec` leaves the step running inside: end every process of the runner user there.
            await Docker(["exec", "-u", "0", _name, "pkill", "-KILL", "-u", RunnerUid], CancellationToken.None);
            if (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested) throw new StepTimeoutException(timeout);
            throw;
        }
    }

    public async Task<(int ExitCode, string Output)> RunAsRootAsync(string script, CancellationToken cancellationToken)
    {
        var result = await Docker(["exec", "-u", "0", _name, "bash", "-c", script], cancellationToken);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    public async Task OwnAsync(string machinePath, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsRootAsync($"chown -R {RunnerUid}:{RunnerUid} '{machinePath.Replace("'", "'\\''")}'", cancellationToken);
        if (code != 0) throw new RehearsalException($"could not hand {machinePath} to the runner user: {output}");
    }

    /// <summary>
    /// The installer's part, as install-nix-action runs it on GitHub (systemd present → the
    /// multi-user install: a root daemon, the store root's): /etc/nix/nix.conf, then nix-daemon as
    /// root, then the default profile's bin with the image's Nix in it.
    /// </summary>
    public async Task<string> InstallNixAsync(string version, string nixConf, CancellationToken cancellationToken)
    {
        if (!_images.TryGetValue(version, out var image) || image != _image)
            throw new RehearsalException($"the machine runs {_image}, not the image of Nix {version}");
        var conf = Convert.ToBase64String(Encoding.UTF8.GetBytes(nixConf));
        var (code, output) = await RunAsRootAsync(string.Join(" && ",
            $"echo {conf} | base64 -d > /etc/nix/nix.conf",
            "mkdir -p /nix/var/nix/profiles/default/bin /nix/var/nix/daemon-socket",
            "for f in /usr/bin/nix*; do ln -sf \"$f\" /nix/var/nix/profiles/default/bin/; done",
            "(nohup nix-daemon >/var/log/nix-daemon.log 2>&1 &)",
            "for _ in $(seq 1 100); do [ -S /nix/var/nix/daemon-socket/socket ] && break; sleep 0.1; done",
            "[ -S /nix/var/nix/daemon-socket/socket ] || { cat /var/log/nix-daemon.log; exit 1; }",
            "/usr/bin/nix --version"), cancellationToken);
        if (code != 0) throw new RehearsalException($"install-nix: the daemon did not start in {_name}: {output.Trim()}");
        var installed = output.Trim().Split('\n')[^1];
        if (!installed.EndsWith(" " + version, StringComparison.Ordinal))
            throw new RehearsalException($"install-nix: image {_image} has '{installed}', not Nix {version}: the image map is wrong");
        return "/nix/var/nix/profiles/default/bin";
    }

    /// <summary>The container's cgroup account: cgroup v1's cpuacct.usage (nanoseconds), else v2's cpu.stat usage_usec.</summary>
    public async Task<TimeSpan?> CpuTimeAsync(CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsRootAsync(
            "cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || awk '$1 == \"usage_usec\" { print $2 * 1000 }' /sys/fs/cgroup/cpu.stat", cancellationToken);
        return code == 0 && double.TryParse(output.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ns)
            ? TimeSpan.FromMilliseconds(ns / 1e6) : null;
    }

    private static Task<BufferedCommandResult> Docker(IEnumerable<string> args, CancellationToken cancellationToken) =>
        Cli.Wrap("docker").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await Docker(["rm", "-f", _name], CancellationToken.None);
}
