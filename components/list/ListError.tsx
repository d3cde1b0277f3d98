/** The list failed to load and there is no earlier copy to show. */
export function ListError({ message, role }: { message: string; role?: 'alert' }) {
  return (
    <p
      role={role}
      className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      {message}
    </p>
  );
}
