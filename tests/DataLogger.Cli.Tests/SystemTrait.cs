// Every test here runs a real part (the datalogger executable, a server, a package, a container, node): the slow system
// tests, left out of the quick run (dotnet test --filter "Category!=System") and run by CI with the rest.
[assembly: AssemblyTrait("Category", "System")]
