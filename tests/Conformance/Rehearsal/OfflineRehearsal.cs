using CliWrap;
using CliWrap.Buffered;
using Conformance.Tests.Infrastructure;
using Conformance.WorkflowRehearsal;
using Conformance.WorkflowRehearsal.Nights;

namespace Conformance.Tests.Rehearsal;

/// <summary>
/// The offline rehearsal's world: Local machines with the stand-in commands (standins/README.md), an
/// upstream clan-core of two commits whose causes.txt lists the causes the stand-in runner reports
/// (A: one cause; B: A's and a new one), a prepared inputs map of two tiny directories, and a stand-in
/// Nix per version. Disposing removes it all.
/// </summary>
internal sealed class OfflineRehearsal : IDisposable
{
    public const string SharedCause = "cfg/shared:value->value", NewCause = "cfg/new:error->value";

    public string Root { get; } = Directory.CreateTempSubdirectory("clan-conformance-rehearsal-").FullName;
    public string Upstream => Path.Combine(Root, "upstream-src");
    public string A { get; private set; } = "";
    public string B { get; private set; } = "";

    public static string StandIns => Path.Combine(RepoPaths.Root, "tests", "Conformance", "Rehearsal", "standins");

    public static string NightlyWorkflow => Path.Combine(RepoPaths.Root, ".github", "workflows", "nightly.yml");

    /// <summary>The nightly workflow as it was before the rehearsal found its defects.</summary>
    public static string WorkflowBefore => Path.Combine(RepoPaths.Root, "tests", "Conformance", "Rehearsal", "fixtures", "nightly-before-rehearsal.yml");

    public static async Task<OfflineRehearsal> CreateAsync()
    {
        var r = new OfflineRehearsal();
        Directory.CreateDirectory(r.Upstream);
        await Git(r.Upstream, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(r.Upstream, "causes.txt"), SharedCause + "\n");
        await Git(r.Upstream, "add", "causes.txt");
        await Git(r.Upstream, "-c", "user.name=r", "-c", "user.email=r@example.invalid", "commit", "-q", "-m", "A: one cause");
        r.A = await Git(r.Upstream, "rev-parse", "HEAD");
        File.AppendAllText(Path.Combine(r.Upstream, "causes.txt"), NewCause + "\n");
        await Git(r.Upstream, "-c", "user.name=r", "-c", "user.email=r@example.invalid", "commit", "-q", "-am", "B: a new cause");
        r.B = await Git(r.Upstream, "rev-parse", "HEAD");
        foreach (var input in new[] { "nixpkgs", "flake-parts" })
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(r.Root, "inputs", input)).FullName, "default.nix"), "{ }\n");
        File.WriteAllText(Path.Combine(r.Root, "inputs", "inputs.json"), """{ "nixpkgs": "nixpkgs", "flake-parts": "flake-parts", "clan-core/nixpkgs": "nixpkgs" }""");
        return r;
    }

    /// <summary>A stand-in Nix per version (a directory with nix and nix-store for it).</summary>
    public IReadOnlyDictionary<string, string> Nix(params string[] versions) => versions.ToDictionary(v => v, v =>
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, $"nix-{v}")).FullName;
        foreach (var (name, prefix) in new[] { ("nix", ""), ("nix-store", "nix-store ") })
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, $"#!/bin/sh\nNIX_STANDIN_VERSION={v} exec '{Path.Combine(StandIns, "fake-nix")}' {prefix}\"$@\"\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return dir;
    });

    public RehearsalOptions Options(IReadOnlyDictionary<string, string>? nix = null, IReadOnlyDictionary<string, string>? environment = null) => new()
    {
        Repository = RepoPaths.Root,
        Machine = MachineKind.Local,
        StandIns = StandIns,
        Nix = nix ?? Nix("2.26.3", "2.34.8"),
        Environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["CLAN_CONFORMANCE_OFFLINE_INPUTS"] = Path.Combine(Root, "inputs", "inputs.json"),
        },
    };

    public static IReadOnlyDictionary<string, string> Inputs => new Dictionary<string, string>
    {
        ["cases"] = "4", ["cost"] = "0", ["seed"] = "3", ["shrink-budget"] = "10s", ["file-issues"] = "true",
    };

    public IReadOnlyList<NightPlan> ThreeNights => [new("night 1 (A)", A), new("night 2 (B)", B), new("night 3 (A again)", A)];

    /// <summary>A world whose upstream main is at <paramref name="revision"/> (for single runs outside <see cref="NightlyRehearsal"/>).</summary>
    public async Task<(RehearsalWorld World, RehearsalOptions Options)> WorldAtAsync(string name, string revision, RehearsalOptions options)
    {
        var world = RehearsalWorld.Create(Path.Combine(Root, name));
        var upstream = NightlyRehearsal.UpstreamOf(world);
        Directory.CreateDirectory(Path.GetDirectoryName(upstream)!);
        await Git(Root, "clone", "-q", "--bare", Upstream, upstream);
        await Git(upstream, "update-ref", "refs/heads/main", revision);
        return (world, options with { GitUrls = new Dictionary<string, string> { [LiveConfiguration.ClanCoreUrl] = "file://" + upstream } });
    }

    public static async Task<string> Git(string directory, params string[] args)
    {
        var result = await CliWrap.Cli.Wrap("git").WithArguments(["-C", directory, .. args]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
