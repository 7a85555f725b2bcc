namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// Simulated rollouts in which treatment and control fail at exactly the same rate: every trip is a false positive.
/// Each rollout is one stage watched for <see cref="Looks"/> evaluation windows; each window adds
/// <see cref="RequestsPerArmPerWindow"/> requests to each arm and the guard looks at the counts since the stage
/// was written (as the PromQL and in-process guards do).
/// </summary>
internal sealed record FalsePositiveSimulation(int Rollouts, int Looks, int RequestsPerArmPerWindow, double FailureRate, GuardrailCriteria Criteria)
{
    /// <summary>The share of rollouts tripped by their first look, and by any of their looks.</summary>
    public (double FirstLook, double AnyLook) Run(int seed)
    {
        var random = new Random(seed);
        int firstLookTrips = 0, anyLookTrips = 0;
        for (var rollout = 0; rollout < Rollouts; rollout++)
        {
            long controlFailures = 0, treatmentFailures = 0, requests = 0;
            var tripped = false;
            for (var look = 0; look < Looks; look++)
            {
                requests += RequestsPerArmPerWindow;
                controlFailures += Failures(random);
                treatmentFailures += Failures(random);
                var verdict = GuardrailDecision.Evaluate(new ArmObservation(requests, controlFailures), new ArmObservation(requests, treatmentFailures), Criteria);
                if (verdict.Tripped)
                {
                    firstLookTrips += look == 0 ? 1 : 0;
                    tripped = true;
                    break;
                }
            }

            anyLookTrips += tripped ? 1 : 0;
        }

        return ((double)firstLookTrips / Rollouts, (double)anyLookTrips / Rollouts);
    }

    private int Failures(Random random)
    {
        var failures = 0;
        for (var i = 0; i < RequestsPerArmPerWindow; i++)
        {
            failures += random.NextDouble() < FailureRate ? 1 : 0;
        }

        return failures;
    }
}
