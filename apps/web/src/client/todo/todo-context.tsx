import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useSession } from '../auth/session-context.js';
import { loadTodo, type TodoResult } from './todo-sources.js';

/** 待办 as loaded, shared by the navigation's count and the 待办 page. */
export interface TodoState {
  results: TodoResult[] | null;
  /** Reloads after the user did something that changes what waits (entered, confirmed, …). */
  refresh(): void;
}

const TodoContext = createContext<TodoState>({ results: null, refresh: () => undefined });

/**
 * Loads 待办 once after sign-in, again whenever the user comes back to the 待办 page, and when a
 * page says something changed; not on every navigation, since every record read is logged
 * (R-AC-3) and the handler's view log would fill with their own 待办.
 */
export function TodoProvider({ children }: { children: ReactNode }) {
  const { session, api } = useSession();
  const onTodoPage = useLocation().pathname === '/';
  const [results, setResults] = useState<TodoResult[] | null>(null);
  const generation = useRef(0);
  const refresh = useCallback(() => {
    const mine = ++generation.current;
    loadTodo(api, session.actor, session.token).then(
      (r) => mine === generation.current && setResults(r),
      () => mine === generation.current && setResults([]),
    );
  }, [api, session.actor, session.token]);
  // Opened on another page (a link, a reload): that page's own reads go first, the count after.
  const [armed, setArmed] = useState(onTodoPage);
  useEffect(() => {
    if (armed) return;
    const t = setTimeout(() => setArmed(true), 1500);
    return () => clearTimeout(t);
  }, [armed]);
  const loaded = useRef(false);
  useEffect(() => {
    if (!(armed || onTodoPage) || (loaded.current && !onTodoPage)) return;
    loaded.current = true;
    refresh();
  }, [refresh, onTodoPage, armed]);
  return <TodoContext.Provider value={{ results, refresh }}>{children}</TodoContext.Provider>;
}

/** 待办 of the signed-in user. */
export function useTodo(): TodoState {
  return useContext(TodoContext);
}
