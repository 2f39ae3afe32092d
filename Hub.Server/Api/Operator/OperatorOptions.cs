namespace KefuHub.Server.Api.Operator;

/// <summary>The operator of a hub serving several tenants; section <c>Kefu:Operator</c>.</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Kefu:Operator";

    /// <summary>
    /// The bearer key of <c>/api/operator/*</c>, at least 32 characters. Default unset: the operator calls are off
    /// (they answer 404).
    /// </summary>
    public string? Key { get; set; }

    public bool IsValid => string.IsNullOrEmpty(Key) || Key.Length >= 32;
}
