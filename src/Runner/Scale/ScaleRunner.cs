using System.Globalization;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.NixDriver.Observing;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Runner.Scale;

/// <summary>
/// <c>scale</c>: how evaluation cost grows with the fleet. For each size, the generated fleet
/// (<see cref="FleetGen"/>) is observed for cost only — each path (the configurations, the
/// clanInternals copies of x86_64-linux) in a <c>nix</c> process of its own, one process at a time
/// (a 100-machine unit holds a hundred machine evaluations in memory) — and the nixpkgs instances
/// are checked against the model. Per revision and path: a least-squares line per counter (the
/// per-machine cost), two plots, summary.md and summary.json. With <c>--base</c> and <c>--head</c>
/// both revisions are measured in the same run, size by size, side by side.
/// Exit 0 when every predicted instance count holds, 1 otherwise, 2 usage or infrastructure.
/// </summary>
internal sealed class ScaleRunner(NixSessionFactory sessions, ClanCoreRevisions revisions, RunnerConsole console, ILogger<ScaleRunner> logger)
{
    /// <summary>The counters whose growth the summary fits and shows.</summary>
    private static readonly CostCounter[] Fitted = [CostCounter.Instances, CostCounter.Thunks, CostCounter.Values, CostCounter.GcBytes, CostCounter.WallMilliseconds, CostCounter.PeakKilobytes];

    public async Task<int> RunAsync(ScaleCommand command, CancellationToken cancellationToken)
    {
        sessions.Validate(command.Nix);
        var outDir = Path.GetFullPath(command.OutDirectory ?? Path.Combine("runs", $"scale-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(outDir);
        console.Say($"clan-conformance scale: fleets of {string.Join(", ", command.Sizes)} machine(s), output {outDir}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var session = await sessions.StartAsync(command.Nix, cancellationToken, command.BaseRevision is null ? null : revisions.EnsureTreesRoot());
        var options = sessions.ObserverOptions(command.Nix);
        var targets = new List<(string Name, EvaluationTarget Target)>();
        if (command.BaseRevision is { } baseRev && command.HeadRevision is { } headRev)
        {
            var repository = await revisions.OpenAsync(command.Nix.ClanCoreRepository!, cancellationToken);
            foreach (var rev in new[] { baseRev, headRev })
            {
                var revision = await revisions.ResolveAsync(repository, rev, cancellationToken);
                targets.Add((revision.ShortHash, await revisions.TargetAsync(session, repository, revision, options.LockFile, cancellationToken)));
            }
        }
        else
        {
            var target = await sessions.TargetAsync(session, command.Nix, options, cancellationToken);
            targets.Add((target.Versions.ClanCoreRevision?.ShortHash ?? "clan-core", target));
        }
        foreach (var (name, target) in targets) console.Say($"  {name}: {target.Versions.ClanCore}; nix {target.Versions.Nix}");

        var gate = new SemaphoreSlim(1);
        var points = new List<ScalePoint>();
        foreach (var size in command.Sizes)
            foreach (var (name, target) in targets)
            {
                var fleet = FleetGen.Fleet(size);
                var prediction = Oracle.Predict(fleet);
                var observer = new BatchObserver(session, options, logger, target.Evaluator, gate, target.Label);
                var observation = await observer.ObserveCostAsync(ObservationHints.Request(fleet, prediction), cancellationToken);
                foreach (var point in Points(name, fleet, prediction, observation))
                {
                    points.Add(point);
                    console.Say($"  {name} {size,4} machine(s) {point.Unit,-18} {Describe(point)}");
                }
            }

        var fits = points.GroupBy(p => (p.Revision, p.Unit)).SelectMany(g => Fitted.Select(counter => (g.Key.Revision, g.Key.Unit, Counter: counter,
            Points: g.Where(p => p.Counters.ContainsKey(CostFields.Name(counter))).Select(p => ((double)p.Machines, (double)p.Counters[CostFields.Name(counter)])).ToList())))
            .Where(f => f.Points.Count >= 2)
            .Select(f => new ScaleFit(f.Revision, f.Unit, CostFields.Name(f.Counter), GrowthFit.Of(f.Points)))
            .ToList();
        ScalePlot.Write(Path.Combine(outDir, "scale-thunks.png"), points, CostCounter.Thunks, "thunks (millions)", 1e6);
        ScalePlot.Write(Path.Combine(outDir, "scale-peak-memory.png"), points, CostCounter.PeakKilobytes, "peak memory (MiB)", 1024);
        // The promise ("nixpkgs once per system") is a count: its plot shows a revision that breaks or keeps it at a glance.
        ScalePlot.Write(Path.Combine(outDir, "scale-instances.png"), points, CostCounter.Instances, "nixpkgs instances", 1);
        var disagreeing = points.Where(p => !p.InstancesAgree).ToList();
        var summary = new ScaleSummary(targets.Select(t => new ScaleRevision(t.Name, t.Target.Versions)).ToList(), command.Sizes, points, fits, clock.Elapsed.TotalSeconds);
        // Written as every summary is (RecordJson's conventions, atomically), so readers of runs/ meet one JSON shape.
        Corpus.AtomicFile.Write(Path.Combine(outDir, "summary.json"), Corpus.RecordJson.Serialize(summary));
        Corpus.AtomicFile.Write(Path.Combine(outDir, "summary.md"), summary.ToMarkdown());
        foreach (var fit in fits.Where(f => f.Counter is "instances" or "thunks"))
            console.Say($"  {fit.Revision} {fit.Unit}: {fit.Counter} {fit.Fit.Slope.ToString("0.##", CultureInfo.InvariantCulture)} per machine (+{fit.Fit.Intercept.ToString("0", CultureInfo.InvariantCulture)} fixed, R² {fit.Fit.RSquared.ToString("0.000", CultureInfo.InvariantCulture)})");
        foreach (var p in disagreeing)
            console.Say($"  DISAGREES {p.Revision} {p.Machines} machine(s) {p.Unit}: the model predicts {p.PredictedInstances} nixpkgs instance(s), Nix made {p.Counters.GetValueOrDefault("instances")}");
        console.Say($"{points.Count} measurement(s), {disagreeing.Count} disagreeing with the model; {Path.Combine(outDir, "summary.md")}");
        return disagreeing.Count == 0 ? ExitCodes.Conforms : ExitCodes.Fails;
    }

    private static IEnumerable<ScalePoint> Points(string revision, ClanCase fleet, Model.Outcomes.Prediction prediction, CaseObservation observation) =>
        CostFields.Keys(fleet).GroupBy(k => (Path: k.CostPath!.Value, System: k.System!)).Select(unit =>
        {
            var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var key in unit)
                if (observation.Fields.GetValueOrDefault(key) is ObservedValue { Value: var v } && CostFields.TryCount(v, out var n))
                    counters[CostFields.Name(key.Counter!.Value)] = n;
            var instances = FieldKey.Cost(unit.Key.Path, unit.Key.System, CostCounter.Instances);
            return new ScalePoint(revision, fleet.Machines.Count, $"{CostFields.PathLabel(unit.Key.Path)}/{unit.Key.System}", counters)
            {
                PredictedInstances = prediction.Fields.GetValueOrDefault(instances) is Model.Outcomes.ValueOutcome { Expected: var e } && CostFields.TryCount(e, out var p) ? p : null,
                Unobserved = unit.Where(k => observation.Unobserved.ContainsKey(k) || observation.Faults.ContainsKey(k))
                    .Select(k => $"{CostFields.Name(k.Counter!.Value)}: {observation.Unobserved.GetValueOrDefault(k) ?? observation.Faults[k]}").ToList(),
            };
        });

    private static string Describe(ScalePoint p) =>
        p.Counters.Count == 0 ? "not observed: " + string.Join("; ", p.Unobserved.Take(1))
        : $"instances {p.Counters.GetValueOrDefault("instances")} (model {p.PredictedInstances?.ToString(CultureInfo.InvariantCulture) ?? "–"}), " +
          $"thunks {p.Counters.GetValueOrDefault("thunks"):N0}, wall {p.Counters.GetValueOrDefault("wall-ms")} ms, peak {p.Counters.GetValueOrDefault("peak-kb") / 1024} MiB";
}

/// <summary>One fitted line: revision, path, counter.</summary>
internal sealed record ScaleFit(string Revision, string Unit, string Counter, GrowthFit Fit);

/// <summary>A revision measured by a scale run.</summary>
internal sealed record ScaleRevision(string Name, Corpus.EvaluatedVersions Versions);

/// <summary>summary.json of a scale run, and its Markdown.</summary>
internal sealed record ScaleSummary(IReadOnlyList<ScaleRevision> Revisions, IReadOnlyList<int> Sizes, IReadOnlyList<ScalePoint> Points, IReadOnlyList<ScaleFit> Fits, double WallSeconds)
{
    public string ToMarkdown()
    {
        var md = new Reports.Markdown();
        var inv = CultureInfo.InvariantCulture;
        md.Heading(1, "clan-conformance scale");
        md.Bullets([
            .. Revisions.Select(r => $"**{r.Name}**: {r.Versions.ClanCore}; {r.Versions.Nixpkgs}; nix {r.Versions.Nix}"),
            $"fleets: {string.Join(", ", Sizes)} machine(s) (machine i: nix-darwin on aarch64-darwin if 5 divides i, else NixOS on aarch64-linux if even, else x86_64-linux; every 4th with an overlay); {WallSeconds:0} s in all",
        ]);
        md.Heading(2, "Per fleet size");
        md.Paragraph("Each path evaluated alone, one nix process (instances: observed, model's prediction in parentheses).");
        md.Table(["revision", "machines", "path", "instances", "thunks", "values", "gc MiB", "wall s", "peak MiB"],
            Points.OrderBy(p => p.Unit, StringComparer.Ordinal).ThenBy(p => p.Machines).ThenBy(p => p.Revision, StringComparer.Ordinal).Select(p =>
            {
                string C(string name, double divisor = 1, string format = "N0") => p.Counters.TryGetValue(name, out var v) ? (v / divisor).ToString(format, inv) : "–";
                var instances = C("instances") + (p.PredictedInstances is { } e ? $" ({e}{(p.InstancesAgree ? "" : " **disagrees**")})" : "");
                return (IReadOnlyList<string>)[p.Revision, $"{p.Machines}", p.Unit, instances, C("thunks"), C("values"), C("gc-bytes", 1 << 20, "N0"), C("wall-ms", 1000, "0.0"), C("peak-kb", 1024, "N0")];
            }), 1, 3, 4, 5, 6, 7, 8);
        var unobserved = Points.Where(p => p.Counters.Count == 0).ToList();
        if (unobserved.Count > 0)
        {
            md.Paragraph("Not observed:");
            md.Bullets(unobserved.Select(p => $"{p.Revision}, {p.Machines} machine(s), {p.Unit}: {p.Unobserved.FirstOrDefault()}"));
        }
        md.Heading(2, "Growth (least squares over the sizes)");
        md.Table(["revision", "path", "counter", "per machine", "fixed", "R²"],
            Fits.OrderBy(f => f.Unit, StringComparer.Ordinal).ThenBy(f => f.Counter, StringComparer.Ordinal).ThenBy(f => f.Revision, StringComparer.Ordinal).Select(f =>
                (IReadOnlyList<string>)[f.Revision, f.Unit, f.Counter, f.Fit.Slope.ToString(Math.Abs(f.Fit.Slope) < 10 ? "N2" : "N1", inv),
                    f.Fit.Intercept.ToString("N0", inv), f.Fit.RSquared.ToString("0.000", inv)]), 3, 4, 5);
        md.Raw("![nixpkgs instances per fleet size](scale-instances.png)");
        md.Raw("![thunks per fleet size](scale-thunks.png)");
        md.Raw("![peak memory per fleet size](scale-peak-memory.png)");
        return md.ToString();
    }
}
