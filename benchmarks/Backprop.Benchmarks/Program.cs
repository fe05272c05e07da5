using System.Reflection;
using Backprop.Benchmarks;
using BenchmarkDotNet.Running;

// `compare`: C# training vs the numpy script, same session. Anything else goes to BenchmarkDotNet
// (e.g. `--filter '*'`, `--filter '*MatrixProduct*'`).
if (args.Length > 0 && args[0] == "compare") return Compare.Run(args[1..]);
if (args.Length > 0 && args[0] == "lesson6") return Lesson6.Run(args[1..]);
if (args.Length > 0 && args[0] == "profile") return Profile.Run(args[1..]);
if (args.Length > 0 && args[0] == "convnet") return Convnet.Run(args[1..]);
if (args.Length > 0 && args[0] == "convprofile") return ConvProfile.Run(args[1..]);
if (args.Length > 0 && args[0] == "plans") return Plans.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args);
return 0;
