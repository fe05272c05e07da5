namespace Backprop.Tests;
public class SmokeTests { [Fact] public void Library_loads() => Assert.NotNull(typeof(Backprop.Placeholder)); }
