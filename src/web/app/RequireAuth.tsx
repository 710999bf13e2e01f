import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ErrorState, Loading } from "../components/QueryState.tsx";
import { isUnauthenticated } from "../lib/errors.ts";
import { useMe } from "../lib/session.ts";

/** A signed-out person goes to /login and comes back here after signing in. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if ((me.isError && isUnauthenticated(me.error)) || (me.data && !me.data.user)) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <>{children}</>;
}
