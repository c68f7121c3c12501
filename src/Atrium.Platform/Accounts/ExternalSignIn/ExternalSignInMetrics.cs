using System.Diagnostics.Metrics;

namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>
/// The meter <c>Atrium.ExternalSignIn</c>: how external sign-ins end, by provider and outcome
/// (<c>signed_in</c>, <c>created</c>, <c>linked</c>, <c>confirmation</c>, <c>refused</c>, <c>failed</c>, <c>unreachable</c>).
/// A rise of <c>unreachable</c> or <c>failed</c> for one provider is that provider's outage or a broken client registration.
/// </summary>
public sealed class ExternalSignInMetrics
{
    public const string MeterName = "Atrium.ExternalSignIn";

    private readonly Counter<long> _outcomes;

    public ExternalSignInMetrics(IMeterFactory meters) =>
        _outcomes = meters.Create(MeterName).CreateCounter<long>(
            "atrium.external_sign_in.outcomes", "{sign-in}", "External sign-ins by provider and outcome");

    public void Record(string provider, string outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
}
