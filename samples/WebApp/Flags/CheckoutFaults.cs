namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// The failures the buggy-treatment demo injects into the checkout (<c>--buggy-treatment</c>): a share of the new
/// checkout's requests, and optionally of the classic one's, answer 500. Without the switch both shares are 0.
/// </summary>
/// <remarks>
/// The failures are spread evenly rather than drawn at random (with a share of 0.1, exactly every tenth request of
/// that checkout fails), so that equal shares give equal failure rates and a guard's verdict does not depend on luck.
/// </remarks>
public sealed class CheckoutFaults
{
    private readonly double _newCheckoutShare;
    private readonly double _classicCheckoutShare;
    private long _newCheckoutRequests;
    private long _classicCheckoutRequests;

    /// <summary>Creates the faults with the share (0 to 1) of each checkout's requests that fail.</summary>
    public CheckoutFaults(double newCheckoutShare, double classicCheckoutShare)
    {
        _newCheckoutShare = CheckShare(newCheckoutShare, nameof(newCheckoutShare));
        _classicCheckoutShare = CheckShare(classicCheckoutShare, nameof(classicCheckoutShare));
    }

    /// <summary>No failures: the sample without the demo.</summary>
    public static CheckoutFaults None { get; } = new(0, 0);

    /// <summary>Whether this request of the new (or classic) checkout fails.</summary>
    public bool ShouldFail(bool newCheckout)
    {
        var share = newCheckout ? _newCheckoutShare : _classicCheckoutShare;
        if (share <= 0)
        {
            return false;
        }

        var n = newCheckout ? Interlocked.Increment(ref _newCheckoutRequests) : Interlocked.Increment(ref _classicCheckoutRequests);
        // The n-th request fails when it takes the count of failures so far to the next whole number.
        return Math.Floor(n * share) > Math.Floor((n - 1) * share);
    }

    private static double CheckShare(double share, string name) =>
        share is >= 0 and <= 1 ? share : throw new ArgumentOutOfRangeException(name, share, "A failure share is from 0 to 1.");
}
