using System.Text.Json.Nodes;

namespace Conformance.WorkflowRehearsal.Nights;

/// <summary>
/// The live rehearsal's configuration (scripts/rehearse-workflow, the live spec): Docker machines
/// from the Nix images, the clan-core clone scripts/setup prepares as the upstream, the offline
/// inputs map as the network's stand-in for Nix, and the rehearsal-mode switches the workflow
/// documents. Small nights: 6 indices (12 cases), a 60 s triage budget per shard, no cost sample, a fixed seed.
/// </summary>
public static class LiveConfiguration
{
    public const string ClanCoreUrl = "https://git.clan.lol/clan/clan-core.git";

    /// <summary>
    /// The test job's live suite in rehearsal mode: the host backend's version and fixture specs only.
    /// The rehearsal checks the workflow's data flow and the nights' decisions, not the live suite,
    /// which .ci/run runs in full; the whole suite would take the rehearsal past its 6 minutes many times.
    /// </summary>
    public const string LiveFilter = "FullyQualifiedName~HostBackendSpecs.The_host_backend_runs_a_real_nix|FullyQualifiedName~HostBackendSpecs.The_fixture_clan_evaluates";

    /// <summary>The build job's offline tests in rehearsal mode (the same reason): the issue planner's.</summary>
    public const string OfflineFilter = "FullyQualifiedName~IssuePlannerSpecs";

    /// <summary>This machine's NuGet packages (NUGET_PACKAGES, else ~/.nuget/packages): what its own builds restored, the solution's included.</summary>
    public static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".nuget", "packages");

    public static (RehearsalOptions Options, IReadOnlyDictionary<string, string> Inputs, string Upstream) Create(string repository, Action<string>? log)
    {
        var cache = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".cache"), "clan-conformance");
        var upstream = Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_CLAN_CORE_REPO") ?? Path.Combine(cache, "clan-core.git");
        if (!Directory.Exists(upstream)) throw new RehearsalException($"no clan-core clone at {upstream}: run scripts/setup (or set CLAN_CONFORMANCE_CLAN_CORE_REPO)");
        var map = Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_INPUTS") ?? Path.Combine(cache, "inputs.json");
        if (!File.Exists(map)) throw new RehearsalException($"no inputs map at {map}: run scripts/setup (or set CLAN_CONFORMANCE_INPUTS)");
        // The prepared map names directories under the invoking user's home, which the runner user cannot
        // traverse: each is mounted at /opt/rehearsal-inputs/NAME and the map rewritten to point there.
        var mounts = new Dictionary<string, string>();
        var rewritten = new JsonObject();
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(map))!;
        foreach (var (name, value) in JsonNode.Parse(File.ReadAllText(map))!.AsObject())
        {
            var dir = Path.GetFullPath(Path.Combine(baseDir, value!.GetValue<string>()));
            dir = new DirectoryInfo(dir).ResolveLinkTarget(true)?.FullName ?? dir;
            if (!mounts.TryGetValue(dir, out var target)) mounts[dir] = target = $"/opt/rehearsal-inputs/{mounts.Count}-{Path.GetFileName(dir)}";
            rewritten[name] = target;
        }
        var mapDir = Directory.CreateTempSubdirectory("rehearsal-inputs-").FullName;
        File.WriteAllText(Path.Combine(mapDir, "inputs.json"), rewritten.ToJsonString());
        // CreateTempSubdirectory makes the directory 0700 (owner root); the jobs run as the runner user, who
        // could then not read the map at all ("inputs.json does not exist", .ci/run on a fresh clone).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(mapDir, (UnixFileMode)Convert.ToInt32("755", 8));
            File.SetUnixFileMode(Path.Combine(mapDir, "inputs.json"), (UnixFileMode)Convert.ToInt32("644", 8));
        }
        mounts[mapDir] = "/opt/rehearsal-inputs/map";
        var options = new RehearsalOptions
        {
            Repository = repository,
            Machine = MachineKind.Container,
            Mounts = mounts,
            Environment = new Dictionary<string, string>
            {
                ["CLAN_CONFORMANCE_OFFLINE_INPUTS"] = "/opt/rehearsal-inputs/map/inputs.json",
                ["CLAN_CONFORMANCE_LIVE_FILTER"] = LiveFilter,
                ["CLAN_CONFORMANCE_OFFLINE_FILTER"] = OfflineFilter,
            },
            NuGetFeed = NuGetPackages(),
            // GitHub starts test and the shards together on machines of their own; two at a time here (2 cores).
            Parallelism = 2,
            Log = log,
            // This machine shares 2 cores among several engineers' runs (load 30–90 measured while writing this):
            // a Release build alone outlasted the build job's 20 minutes. The jobs' timeouts are scaled, not removed.
            TimeScale = 3,
        };
        var inputs = new Dictionary<string, string>
        {
            // The fewest cases that still show #7295's causes on night 2 (4: two a shard), and a short triage
            // budget: .ci/run runs three nights, and each night's shards are most of its time.
            ["cases"] = "4", ["cost"] = "0", ["seed"] = "11", ["shrink-budget"] = "30s", ["file-issues"] = "true",
        };
        return (options, inputs, upstream);
    }
}
