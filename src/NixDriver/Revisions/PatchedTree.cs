using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Conformance.NixDriver.Revisions;

/// <summary>
/// A revision's tree with a patch applied by <c>git apply</c>, as a maintainer applies a patch to a
/// checkout of that revision: the tree is copied to <c>ROOT/patched/&lt;hash of tree and patch&gt;</c>
/// (once: the same patch on the same tree is the same directory, so Nix adds it to the store once)
/// and the patch applied there, after <c>git apply --check</c> said it applies. A patch that does
/// not apply is a <see cref="RevisionException"/> with git's message.
/// </summary>
public static class PatchedTree
{
    public static async Task<string> ApplyAsync(string treeDirectory, string patch, string root, CancellationToken cancellationToken = default)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(treeDirectory) + "\0" + patch)))[..24].ToLowerInvariant();
        var final = Path.Combine(root, "patched", key);
        if (Directory.Exists(final)) return final;
        var temp = Path.Combine(root, "patched", $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
            await CopyAsync(treeDirectory, temp, cancellationToken);
            // Outside any repository (a ceiling at the tree's parent): git apply then works on plain files.
            var environment = new Dictionary<string, string?> { ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(temp) };
            foreach (var arguments in new[] { new[] { "apply", "--check", "-" }, ["apply", "-"] })
            {
                var result = await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(temp).WithEnvironmentVariables(environment)
                    .WithStandardInputPipe(PipeSource.FromString(patch)).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
                if (result.ExitCode != 0)
                    throw new RevisionException($"the patch does not apply to {treeDirectory} (git {string.Join(' ', arguments)}: {result.StandardError.Trim()})", treeDirectory);
            }
            try { Directory.Move(temp, final); }
            catch (IOException) when (Directory.Exists(final)) { Directory.Delete(temp, recursive: true); }
            return final;
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// <c>cp -a</c>: files, symlinks (clan-core's tree has some, dangling outside a checkout) and modes
    /// as they are; the copy's files are made writable, as the patch writes the ones it changes.
    /// </summary>
    private static async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
    {
        foreach (var arguments in new[] { new[] { "-a", from, to }, ["-R", "u+w", to] })
        {
            var result = await Cli.Wrap(arguments[0] == "-a" ? "cp" : "chmod").WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
            if (result.ExitCode != 0) throw new IOException($"copying {from} to {to} failed: {result.StandardError.Trim()}");
        }
    }
}
