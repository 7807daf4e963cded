using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Semantics;

/// <summary>
/// The clan's meta (<c>clan.meta</c>, copied to <c>inventory.meta</c>; modules/inventoryClass/meta.nix):
/// <c>name</c> (<c>strMatching "[a-zA-Z0-9_-]*"</c>, no default), <c>description</c>, <c>icon</c> and
/// <c>tld</c> null, <c>domain</c> the deprecated <c>tld</c> when set (with a warning), else <c>clan</c>;
/// <c>domain</c> must be a domain name (lib/types <c>domainName</c>: labels of 1–63 lower-case
/// letters, digits and inner hyphens, dot-separated — a single letter is one).
/// </summary>
internal static partial class ClanMeta
{
    public const string Rule = "meta: modules/inventoryClass/meta.nix";

    /// <summary>The whole meta as <c>inventory.meta</c> evaluates (each attribute forced), or the first attribute's error in name order.</summary>
    public static Outcome Evaluate(string? name, string? domain = null, string? tld = null, string? description = null, string? icon = null, string prefix = "inventory.meta")
    {
        var effectiveDomain = domain ?? tld ?? "clan";
        // Attribute order (toJSON): description, domain, icon, name, tld.
        if (!DomainName().IsMatch(effectiveDomain)) return Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{prefix}.domain' is not of type", Rule));
        if (name is null) return Outcome.Fails(new ExpectedError(ErrorKind.NoValueDefined, $"{prefix}.name' was accessed but has no value defined", Rule));
        if (!Name().IsMatch(name)) return Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{prefix}.name' is not of type", Rule));
        if (tld is not null && !Tld().IsMatch(tld)) return Outcome.Fails(new ExpectedError(ErrorKind.TypeMismatch, $"{prefix}.tld' is not of type", Rule));
        return Outcome.Value(new JsonObject
        {
            ["description"] = description,
            ["domain"] = effectiveDomain,
            ["icon"] = icon,
            ["name"] = name,
            ["tld"] = tld,
        }, Rule);
    }

    /// <summary>Whether reading <c>domain</c> prints the tld deprecation warning (tld set, domain not).</summary>
    public static bool WarnsAboutTld(string? domain, string? tld) => domain is null && tld is not null;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex DomainName();

    [GeneratedRegex("^[a-zA-Z0-9_-]*$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex Tld();
}
