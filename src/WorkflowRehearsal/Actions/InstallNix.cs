using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// cachix/install-nix-action v31 (action.yml and install-nix.sh at v31, = v31.11.0), what it leaves
/// on a GitHub runner:
/// <list type="bullet">
/// <item>the Nix of <c>install_url</c>, else the script's own default, <c>nix_version=2.35.1</c> (install-nix.sh:105):
/// a floating tag changes the Nix under test whenever the action is released;</item>
/// <item>a multi-user install with a root daemon where systemd runs, i.e. on GitHub's runners (76–77);</item>
/// <item>/etc/nix/nix.conf: show-trace, max-jobs, <c>trusted-users = root $USER</c> (41), <c>access-tokens = github.com=TOKEN</c>
/// from github_access_token or else the job's <c>github.token</c>, which action.yml passes as GITHUB_TOKEN (action.yml:39;
/// install-nix.sh 44–53), then extra_nix_config (58), experimental-features unless given (60–62),
/// always-allow-substitutes (65–66);</item>
/// <item>TMPDIR=RUNNER_TEMP (135), NIX_PROFILES, NIX_SSL_CERT_FILE in GITHUB_ENV; the default profile's bin (179) and
/// ~/.nix-profile/bin (182) on PATH; "Aborting: Nix is already installed" when nix is on PATH (4–6).</item>
/// </list>
/// Only a version the machine provides installs (the Nix images .ci/run tests); any other fails the
/// step naming the version and where it came from. The rehearsal's Nix has no network: its
/// configuration starts with no substituters and no flake registry (an <c>extra-substituters</c> of
/// the workflow still applies), no sandbox and no build users (nothing is built).
/// </summary>
internal sealed class InstallNix : IActionEmulation
{
    public const string Name = "cachix/install-nix-action";

    /// <summary>The Nix each emulated tag installs without install_url.</summary>
    private static readonly IReadOnlyDictionary<string, (string Version, string Source)> Defaults = new Dictionary<string, (string, string)>
    {
        ["v31"] = ("2.35.1", "install-nix-action v31's default (install-nix.sh:105, nix_version=2.35.1)"),
    };

    public string Action => Name;
    public IReadOnlyList<string> Versions => ["v31"];
    public IReadOnlyList<string> Outputs => [];
    public IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["extra_nix_config"] = null, ["github_access_token"] = null, ["install_url"] = null, ["install_options"] = null,
        ["nix_path"] = null, ["enable_kvm"] = "true", ["set_as_trusted_user"] = "true",
    };

    /// <summary>Which Nix a step installs: from install_url (<c>…/nix-X.Y.Z/install</c>), else the tag's default.</summary>
    public static (string Version, string Source) Resolve(string uses, string? installUrl)
    {
        if (!string.IsNullOrWhiteSpace(installUrl))
        {
            var m = Regex.Match(installUrl, @"nix-(\d+\.\d+\.\d+)/install$");
            return m.Success ? (m.Groups[1].Value, $"install_url {installUrl}") : ("?", $"install_url {installUrl} (names no nix-X.Y.Z release)");
        }
        var tag = uses[(uses.LastIndexOf('@') + 1)..].Split('.')[0];
        return Defaults.TryGetValue(tag, out var d) ? d : ("?", $"{uses}'s default");
    }

    public async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var (version, source) = Resolve(context.Step.Uses!, context.Input("install_url"));
        if (!context.Machine.NixVersions.Contains(version))
            throw ActionContext.Fail($"this installs Nix {version} ({source}), which no image here provides and .ci/run does not test " +
                                     $"(tested: {string.Join(", ", context.Machine.NixVersions)}): pin install_url to https://releases.nixos.org/nix/nix-VERSION/install with one of them");
        if (context.Input("install_options").Contains("--no-daemon"))
            throw ActionContext.Fail("install_options --no-daemon (a single-user install) is not emulated; GitHub's runners get the daemon");
        var user = "runner";
        var conf = new StringBuilder();
        // The rehearsal's: no network, nothing built (see the type's comment). First, so that the action's lines win.
        conf.AppendLine("substituters =").AppendLine("flake-registry =").AppendLine("sandbox = false").AppendLine("build-users-group =");
        conf.AppendLine("show-trace = true").AppendLine("max-jobs = auto");
        if (context.BoolInput("set_as_trusted_user")) conf.AppendLine($"trusted-users = root {user}");
        var token = context.Input("github_access_token") is { Length: > 0 } t ? t : context.Token;
        if (token.Length > 0) conf.AppendLine($"access-tokens = github.com={token}");
        var extra = context.Input("extra_nix_config");
        if (extra.Length > 0) conf.AppendLine(extra.TrimEnd('\n'));
        if (!extra.Contains("experimental-features")) conf.AppendLine("experimental-features = nix-command flakes");
        if (!extra.Contains("always-allow-substitutes")) conf.AppendLine("always-allow-substitutes = true");
        var bin = await context.Machine.InstallNixAsync(version, conf.ToString(), cancellationToken);
        if (context.Input("nix_path") is { Length: > 0 } nixPath) context.SetEnv("NIX_PATH", nixPath);
        context.SetEnv("TMPDIR", context.RunnerTemp);
        context.SetEnv("NIX_PROFILES", $"/nix/var/nix/profiles/default {context.Machine.Home}/.nix-profile");
        context.SetEnv("NIX_SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt");
        context.AddPath(bin);
        context.AddPath($"{context.Machine.Home}/.nix-profile/bin");
        context.Log($"installed Nix {version} ({source}), multi-user with a root daemon; nix.conf:\n{conf}");
    }
}
