using CliWrap;
using CliWrap.Buffered;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// actions/setup-dotnet v4 (action.yml and src/setup-dotnet.ts at v4.3.1): puts the SDK on PATH
/// (DotnetInstallDir.addToPath, line 76) and sets DOTNET_ROOT. The rehearsal installs nothing: it
/// uses this machine's SDK (or the stand-in directory's <c>dotnet</c>) and fails when its version
/// does not match <c>dotnet-version</c> (<c>10.0.x</c>: any 10.0 SDK).
/// </summary>
internal sealed class SetupDotnet : IActionEmulation
{
    public string Action => "actions/setup-dotnet";
    public IReadOnlyList<string> Versions => ["v4"];
    public IReadOnlyList<string> Outputs => ["cache-hit", "dotnet-version"];
    public IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["dotnet-version"] = null, ["dotnet-quality"] = null, ["global-json-file"] = null, ["source-url"] = null, ["owner"] = null,
        ["config-file"] = null, ["cache"] = "false", ["cache-dependency-path"] = null,
    };

    public async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var wanted = context.Input("dotnet-version").Trim();
        if (wanted.Length == 0) throw ActionContext.Fail("the rehearsal needs dotnet-version (global-json-file is not emulated)");
        if (context.BoolInput("cache")) throw ActionContext.Fail("setup-dotnet's own cache is not emulated");
        var directory = context.Options.StandIns is { } standIns && File.Exists(Path.Combine(standIns, "dotnet"))
            ? standIns
            : Path.GetDirectoryName(Running.ContainerMachine.DotnetHost())!;
        var result = await Cli.Wrap(Path.Combine(directory, "dotnet")).WithArguments(["--version"]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        var version = result.StandardOutput.Trim();
        var prefix = wanted.EndsWith(".x", StringComparison.Ordinal) ? wanted[..^1] : wanted;
        if (result.ExitCode != 0 || !version.StartsWith(prefix, StringComparison.Ordinal))
            throw ActionContext.Fail($"dotnet-version {wanted}: this machine's SDK is '{version}' (the rehearsal does not download SDKs)");
        context.AddPath(directory);
        context.SetEnv("DOTNET_ROOT", directory);
        context.Outputs["dotnet-version"] = version;
        context.Log($"dotnet {version} from {directory}");
    }
}
