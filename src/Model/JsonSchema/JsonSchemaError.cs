using Conformance.Model.Errors;

namespace Conformance.Model.JsonSchema;

/// <summary>How the converter's <c>throw</c>s unwind to <see cref="JsonSchemaConverter.FromOptions"/>, which turns them into an error outcome.</summary>
internal sealed class JsonSchemaError(ExpectedError error) : Exception(error.ToString())
{
    public ExpectedError Error { get; } = error;
}
