using System.Text;

namespace Conformance.WorkflowRehearsal.Running;

/// <summary>
/// The runner's stand-in tools, written into a directory that is first on every step's PATH:
/// <c>gh</c> (this program's <c>gh</c> verb, against the fake issue list, recording each call),
/// placeholders for <c>nix</c> and its companions until install-nix runs (GitHub's image has no
/// Nix: a job that forgets to install it must fail here too), and the system git configuration
/// that points the workflow's upstream URLs at local clones (the rehearsal's stand-in for the network).
/// </summary>
internal static class MachineTools
{
    private static readonly string[] NixCommands = ["nix", "nix-store", "nix-build", "nix-shell", "nix-instantiate", "nix-env", "nix-daemon", "nix-channel", "nix-collect-garbage"];

    /// <param name="dotnet">The dotnet host that runs this program (a path the machine sees).</param>
    /// <param name="app">This program's dll (a path the machine sees).</param>
    /// <param name="ghState">The stand-in gh's state directory (a path the machine sees).</param>
    public static void Write(string hostDirectory, string dotnet, string app, string ghState, string? jq, IReadOnlyDictionary<string, string> gitUrls)
    {
        var bin = Directory.CreateDirectory(Path.Combine(hostDirectory, "bin")).FullName;
        Script(Path.Combine(bin, "gh"), $"#!/bin/sh\nREHEARSAL_GH_STATE='{ghState}' exec '{dotnet}' '{app}' gh \"$@\"\n");
        foreach (var command in NixCommands)
            Script(Path.Combine(bin, command),
                $"#!/bin/sh\necho \"{command}: Nix is not installed on this runner: the job has no cachix/install-nix-action step before this one (GitHub's ubuntu image has no Nix)\" >&2\nexit 127\n");
        if (jq is not null)
            Script(Path.Combine(bin, "jq"), $"#!/bin/sh\nLD_LIBRARY_PATH='{Path.GetDirectoryName(jq)}' exec '{jq}' \"$@\"\n");
        var git = new StringBuilder();
        // Clones the rehearsal mounts belong to another user: git refuses them as "dubious ownership" otherwise.
        git.AppendLine("[safe]").AppendLine("\tdirectory = *");
        foreach (var (url, local) in gitUrls)
            git.AppendLine($"[url \"{local}\"]").AppendLine($"\tinsteadOf = {url}");
        File.WriteAllText(Path.Combine(hostDirectory, "gitconfig"), git.ToString());
    }

    private static void Script(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public static string StandardPath => "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}
