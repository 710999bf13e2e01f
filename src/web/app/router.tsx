// Every page of the app. Pages load on demand (one chunk each), so the first load stays small.
import type { ComponentType } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { NotFound } from "../components/QueryState.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { RequireAuth } from "./RequireAuth.tsx";
import { RouteError } from "./RouteError.tsx";
import { Shell } from "./Shell.tsx";

const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter([
  {
    element: <AuthLayout />,
    errorElement: <RouteError />,
    children: [
      { path: "/login", lazy: page(() => import("../features/auth/pages/LoginPage.tsx")) },
      { path: "/signup", lazy: page(() => import("../features/auth/pages/SignUpPage.tsx")) },
      { path: "/forgot-password", lazy: page(() => import("../features/auth/pages/ForgotPasswordPage.tsx")) },
      { path: "/reset-password", lazy: page(() => import("../features/auth/pages/ResetPasswordPage.tsx")) },
      { path: "/verify-email", lazy: page(() => import("../features/auth/pages/VerifyEmailPage.tsx")) },
      { path: "/invite", lazy: page(() => import("../features/auth/pages/InvitePage.tsx")) },
    ],
  },
  {
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { path: "/", element: <Navigate to="/deals" replace /> },
      { path: "/deals", lazy: page(() => import("../features/deals/pages/KanbanPage.tsx")) },
      { path: "/deals/:id", lazy: page(() => import("../features/deals/pages/DealPage.tsx")) },
      { path: "/contacts", lazy: page(() => import("../features/contacts/pages/ContactsPage.tsx")) },
      { path: "/contacts/:id", lazy: page(() => import("../features/contacts/pages/ContactPage.tsx")) },
      { path: "/companies", lazy: page(() => import("../features/companies/pages/CompaniesPage.tsx")) },
      { path: "/companies/:id", lazy: page(() => import("../features/companies/pages/CompanyPage.tsx")) },
      { path: "/tasks", lazy: page(() => import("../features/tasks/pages/TasksPage.tsx")) },
      { path: "/unsorted", lazy: page(() => import("../features/unsorted/pages/UnsortedPage.tsx")) },
      { path: "/inbox", lazy: page(() => import("../features/inbox/pages/InboxPage.tsx")) },
      { path: "/import", lazy: page(() => import("../features/transfer/pages/ImportPage.tsx")) },
      { path: "/dashboard", lazy: page(() => import("../features/dashboard/pages/DashboardPage.tsx")) },
      {
        path: "/settings/:section?",
        lazy: page(() => import("../features/settings/pages/SettingsPage.tsx")),
      },
      { path: "/admin/:section?", lazy: page(() => import("../features/admin/pages/AdminPage.tsx")) },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
