using Conformance.NixDriver.Evaluation;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Hosting;

/// <summary>One set of inputs to observe: the evaluator that points at them, a label for logs, and what they are.</summary>
internal sealed record EvaluationTarget(NixEvaluator Evaluator, string Label, EvaluatedVersions Versions);
