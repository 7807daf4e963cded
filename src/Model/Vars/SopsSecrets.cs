using System.Text.Json.Nodes;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Vars;

/// <summary>A generator as the sops bridge sees it: its name, <c>share</c>, and its evaluated files.</summary>
internal sealed record SopsGenerator(string Name, bool Share, IReadOnlyList<SopsFile> Files);

/// <summary>An evaluated file (every attribute the bridge reads, defaults applied).</summary>
internal sealed record SopsFile(string Name, bool Secret, bool Deploy, NeededFor NeededFor, string Owner, string Group, string Mode, IReadOnlyList<string> RestartUnits, string RelDir);

/// <summary>
/// clan-core's bridge from vars generators to sops-nix secrets
/// (<c>nixosModules/clanCore/vars/secret/sops/generators-to-sops.nix</c>):
/// <list type="bullet">
/// <item>the class must be <c>nixos</c> or <c>darwin</c> (an <c>assertMsg</c>: a throw when the result is forced);</item>
/// <item>relevant files are secret, deployed and needed for <c>users</c> or <c>services</c>;</item>
/// <item>per generator (name order), per relevant file (name order), a secret named
/// <c>vars/{rel_dir}/{name}</c> whose source is <c>{directory}/vars/{rel_dir}/{name}/secret</c>,
/// kept only when that path exists; <c>listToAttrs</c>, so of two secrets with one name the first wins;</item>
/// <item>each: owner, group, mode, <c>neededForUsers</c> (needed for users), <c>sopsFile</c> (what
/// <c>builtins.path</c> gets: name = <c>sanitizeDerivationName "{rel_dir}_{name}"</c>, path = the
/// source), <c>format = "binary"</c>, and on NixOS only <c>restartUnits</c>.</item>
/// </list>
/// </summary>
internal static class SopsSecrets
{
    public const string Rule = "vars: generators-to-sops.nix";

    /// <summary>
    /// The bridge's result as Nix prints it, with <c>sopsFile</c> the arguments <c>builtins.path</c>
    /// gets (clan-core's own tests replace <c>builtins.path</c> by the identity the same way; the
    /// model computes no store hashes). <paramref name="pathExists"/>: which source paths exist.
    /// </summary>
    public static Outcome Map(string directory, string machineClass, IReadOnlyList<SopsGenerator> generators, Func<string, bool> pathExists)
    {
        if (machineClass is not ("nixos" or "darwin"))
            return Outcome.Fails(new ExpectedError(ErrorKind.Throw,
                $"Error trying to map 'var.generators' to 'sops.secrets': class must be 'nixos' or 'darwin', got: {machineClass}", Rule));
        var result = new JsonObject();
        foreach (var generator in generators.OrderBy(g => g.Name, StringComparer.Ordinal))
            foreach (var file in generator.Files.Where(Relevant).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var source = SourcePath(directory, file.RelDir, file.Name);
                if (!pathExists(source)) continue;
                var name = SecretName(file.RelDir, file.Name);
                if (result.ContainsKey(name)) continue;
                var secret = new JsonObject
                {
                    ["format"] = "binary",
                    ["group"] = file.Group,
                    ["mode"] = file.Mode,
                    ["neededForUsers"] = file.NeededFor == NeededFor.Users,
                    ["owner"] = file.Owner,
                    ["sopsFile"] = new JsonObject
                    {
                        ["name"] = NixStrings.SanitizeDerivationName($"{file.RelDir}_{file.Name}"),
                        ["path"] = source,
                    },
                };
                if (machineClass == "nixos") secret["restartUnits"] = new JsonArray(file.RestartUnits.Select(u => (JsonNode?)u).ToArray());
                result[name] = secret;
            }
        return Outcome.Value(new JsonObject(result.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))), Rule);
    }

    /// <summary>Secret, deployed, and needed for users or services (partitioning and activation secrets are uploaded by the CLI, not by sops-nix).</summary>
    public static bool Relevant(SopsFile f) => f.Secret && f.Deploy && f.NeededFor is NeededFor.Users or NeededFor.Services;

    /// <summary>The sops-nix secret's attribute name.</summary>
    public static string SecretName(string relDir, string fileName) => $"vars/{relDir}/{fileName}";

    /// <summary>The encrypted file the secret is read from.</summary>
    public static string SourcePath(string directory, string relDir, string fileName) => $"{directory}/vars/{relDir}/{fileName}/secret";
}
