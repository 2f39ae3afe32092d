namespace KefuHub.Routing; internal static class Placeholder { }
