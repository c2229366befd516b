// `/`: to the account centre when signed in, else to the sign-in page.
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { Loading } from '../components/Loading';
import { getSession } from '../endpoints';

export function RootRedirect() {
  const navigate = useNavigate();
  useEffect(() => {
    let live = true;
    getSession().then(
      () => live && navigate('/account', { replace: true }),
      () => live && navigate('/login', { replace: true }),
    );
    return () => {
      live = false;
    };
  }, [navigate]);
  return <Loading />;
}
