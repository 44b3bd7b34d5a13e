import { useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router';
import { Result, Spin } from 'antd';
import { apiFor } from './api/client.js';
import { SessionContext } from './auth/session-context.js';
import { clearSession, loadSession, saveSession, type Session } from './auth/session.js';
import { fetchSignInConfig, type SignInConfig } from './auth/sign-in-config.js';
import { userManager } from './auth/oidc.js';
import { AppFrame } from './frame/AppFrame.js';
import { ManualPage } from './pages/ManualPage.js';
import { RecordFormPage } from './pages/RecordFormPage.js';
import { RecordPage } from './pages/RecordPage.js';
import { RecordsPage } from './pages/RecordsPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { TodoPage } from './pages/TodoPage.js';
import { OFFICE_ROUTES } from './office/office-routes.js';

/** The application: sign-in until there is a session, then the frame and its pages. */
export function App() {
  return (
    <BrowserRouter>
      <Root />
    </BrowserRouter>
  );
}

function Root() {
  const [config, setConfig] = useState<SignInConfig | null>(null);
  const [failed, setFailed] = useState(false);
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const navigate = useNavigate();
  useEffect(() => {
    fetchSignInConfig()
      .then(setConfig)
      .catch(() => setFailed(true));
  }, []);
  // The identity provider sends the browser back here with the code; PKCE is checked by the library.
  useEffect(() => {
    if (config?.mode !== 'oidc' || location.pathname !== '/auth/callback') return;
    userManager(config)
      .signinRedirectCallback()
      .then((u) => {
        setSession(saveSession(u.access_token));
        navigate('/', { replace: true });
      })
      .catch(() => setFailed(true));
  }, [config, navigate]);
  const value = useMemo(
    () =>
      session && {
        session,
        api: apiFor(session.token),
        signOut: () => {
          clearSession();
          setSession(null);
          navigate('/');
        },
      },
    [session, navigate],
  );

  if (failed) return <Result status="warning" title="无法连接网页服务" subTitle="请检查网络后刷新页面。" />;
  if (!config) return <Spin fullscreen tip="正在加载…" />;
  if (!value)
    return (
      <Routes>
        <Route path="/help" element={<ManualPage />} />
        <Route
          path="*"
          element={<SignInPage config={config} onToken={(t) => setSession(saveSession(t))} />}
        />
      </Routes>
    );
  return (
    <SessionContext.Provider value={value}>
      <AppFrame>
        <Routes>
          <Route path="/" element={<TodoPage />} />
          <Route path="/records" element={<RecordsPage />} />
          <Route path="/records/new" element={<RecordFormPage />} />
          <Route path="/records/:id" element={<RecordPage />} />
          <Route path="/help" element={<ManualPage />} />
          {OFFICE_ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={r.element} />
          ))}
          <Route path="*" element={<Result status="404" title="页面不存在" />} />
        </Routes>
      </AppFrame>
    </SessionContext.Provider>
  );
}
