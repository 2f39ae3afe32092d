namespace KefuHub.LoadTests.Framework;

/// <summary>The load simulations, named as NBomber names them.</summary>
public static class Simulation
{
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) => new InjectSimulation(Positive(rate), interval, during);

    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during) => new RampingInjectSimulation(rate, interval, during);

    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new KeepConstantSimulation(Positive(copies), during);

    public static LoadSimulation Pause(TimeSpan during) => new PauseSimulation(during);

    private static int Positive(int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be at least 1.");
}
