namespace Conformance.NixDriver.Rendering.Reduction;

/// <summary>
/// Many candidate repros in one flake, so one <c>nix repl</c> process tests them all: each under
/// <c>c/&lt;i&gt;/</c>, its <c>flake.nix</c>'s outputs called the way Nix's call-flake.nix calls them
/// (as <see cref="BatchRenderer"/> does for cases: the inputs, and a <c>self</c> whose outPath is the
/// candidate's directory), and the repro's command applied to each (its own function where the
/// program holds one, <see cref="ReportProfile.CommandFile"/>): <c>results</c> is the list of
/// what each candidate's command evaluates to, read by index. The inputs are the rendered clans'
/// (<see cref="ClanRenderer.FlakeInputs"/>); a candidate's own <c>inputs</c> block is not read, which
/// is why the reducer never edits it.
/// </summary>
public static class ReductionBatch
{
    /// <summary>The output holding the list of results.</summary>
    public const string Results = "results";

    public static RenderedTree Render(IReadOnlyList<ReproProgram> candidates, ReproCommand command)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
            foreach (var (path, content) in ReportProfile.FilesOf(candidates[i]).Under($"c/{i}"))
                files[path] = content;
        var target = command.AttributePath.Count == 0 ? "" : "." + NixSyntax.AttrPath([.. command.AttributePath]);
        var w = BatchRenderer.FlakeOfFlakes("# clan-conformance reducer: candidate repros, each evaluated with the repro's command.", "call")
            .Open($"{Results} = [");
        for (var i = 0; i < candidates.Count; i++)
        {
            // In a file of its own, imported when the candidate is evaluated: a command with an unbound
            // variable fails that candidate only (in the batch's own file it would fail the whole file).
            files[$"c/{i}.command.nix"] = candidates[i].Nix.TryGetValue(ReportProfile.CommandFile, out var own) ? Syntax.NixPrinter.Print(own) : command.Apply + "\n";
            w.Line($"(import ./c/{i}.command.nix (call ./c/{i}){target})");
        }
        files["flake.nix"] = w.Close("];").Close("};").Close("").Close("}").ToString();
        return new RenderedTree(files);
    }

    /// <summary>The repl expression for candidate <paramref name="index"/>.</summary>
    public static string Expression(int index) => $"builtins.elemAt {Results} {index}";
}
